/** The indicator SQL files, bundled as text by Vite at build time. */
const FILES = import.meta.glob('../../sql/indicators/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Read a file of sql/indicators/ in the browser (bundled; no fetch). */
export function browserSqlSource(file: string): string {
  const text = FILES[`../../sql/indicators/${file}`];
  if (text === undefined) throw new Error(`indicator SQL ${file} is not bundled`);
  return text;
}
