/** The labels of a dashboard filter's fields, as the form and its error summary name them. */
export const DASHBOARD_FIELD_LABELS: Readonly<Record<string, string>> = {
  from: 'From',
  to: 'To',
  area: 'Area',
};
