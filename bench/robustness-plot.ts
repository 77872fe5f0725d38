// The robustness sweeps as one PNG: per sweep, recall per pattern and flagged share per innocent crowd by setting.
import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { Row } from './robustness';

/**
 * vega and vega-lite are ES modules with top-level await, which require() cannot load, and TypeScript turns import()
 * into require() in a CommonJS build: a real import() it leaves alone.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

interface VegaLite {
  compile(spec: object): { spec: Vega.Spec };
}

interface Point {
  setting: string;
  order: number;
  series: string;
  value: number;
}

function chart(title: string, values: Point[], yTitle: string): object {
  return {
    title,
    width: 330,
    height: 170,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'setting', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: yTitle },
      color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau20' } },
    },
  };
}

/** PNG bytes of the plot (vega-lite compiled to vega, rendered to SVG, rasterised by resvg). */
export async function renderPlot(rows: Row[], patterns: string[], crowds: string[]): Promise<Buffer> {
  const sweeps = [...new Set(rows.map((r) => r.sweep))];
  const blocks = sweeps.map((sweep) => {
    const mine = rows.filter((r) => r.sweep === sweep);
    const recall: Point[] = [];
    const innocent: Point[] = [];
    mine.forEach((r, order) => {
      const e = r.evaluation;
      for (const k of patterns)
        if (e.kinds[k]) recall.push({ setting: r.setting, order, series: k, value: e.kinds[k].recallAny });
      recall.push({ setting: r.setting, order, series: 'PRECISION', value: e.precision });
      for (const k of crowds)
        if (e.negatives[k]) innocent.push({ setting: r.setting, order, series: k, value: e.negatives[k].share });
    });
    return {
      hconcat: [
        chart(`${sweep}: recall by any signal, and precision`, recall, 'recall / precision'),
        chart(`${sweep}: innocent crowds flagged`, innocent, 'share flagged'),
      ],
      resolve: { scale: { color: 'independent' } },
    };
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: blocks,
    config: { font: 'DejaVu Sans' },
  };
  const vega = (await importEsm('vega')) as typeof Vega;
  const vegaLite = (await importEsm('vega-lite')) as VegaLite;
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG(2);
  view.finalize();
  return new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
}
