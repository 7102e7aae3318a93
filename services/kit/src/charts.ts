// `@sharehub/kit/charts`: charts drawn on the server as inline SVG (Vega-Lite compiled and rendered by vega), apart
// from `@sharehub/kit/web` so that only the pages that draw charts load vega.
export { renderChartSvg } from './web/renderChartSvg.js';
