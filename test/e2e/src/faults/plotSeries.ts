import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One point of a series: the minute it was taken at, the series' name (e.g. a service), and the value. */
export interface SeriesPoint {
  readonly minute: number;
  readonly series: string;
  readonly value: number;
}

/** A line chart of named series over minutes, as SVG text (Vega-Lite compiled and rendered by Vega, no browser). */
export async function plotSeries(
  title: string,
  yTitle: string,
  points: readonly SeriesPoint[],
): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    height: 280,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'minute', type: 'quantitative', title: 'minute of the run' },
      y: { field: 'value', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
