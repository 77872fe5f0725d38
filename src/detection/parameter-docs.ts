// The detectors' parameters as Markdown tables: printed by `ringscope parameters` and kept in the README.
import { detectors } from './registry';
import { parameterRange } from './run';
import { ParameterDoc } from './types';

export const README_MARKERS = ['<!-- parameters:start -->', '<!-- parameters:end -->'] as const;

export function parameterTables(): string {
  return detectors
    .map((d) => {
      const docs = d.parameters as Record<string, ParameterDoc>;
      const defaults = d.defaults as Record<string, unknown>;
      const lines = Object.entries(docs).map(
        ([name, doc]) =>
          `| \`${d.name}.${name}\` | ${JSON.stringify(defaults[name])}${doc.unit ? ` ${doc.unit}` : ''} | ${typeof defaults[name] === 'number' ? parameterRange(doc)[1] : ''} | ${doc.description} |`,
      );
      return [
        `**${d.name}** (${d.kind})`,
        '',
        '| parameter | default | at most | meaning |',
        '| --- | --- | --- | --- |',
        ...lines,
      ].join('\n');
    })
    .join('\n\n');
}

/** The README with its parameter section replaced by the current tables. */
export function withParameterTables(readme: string): string {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} section`);
  return `${readme.slice(0, from + start.length)}\n${parameterTables()}\n${readme.slice(to)}`;
}
