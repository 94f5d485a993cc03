import { RefusedStatementError } from './tabular-db.ts';
/**
 * Quote an SQL identifier (table or column name) for DuckDB: wraps it in double quotes and doubles
 * any double quote inside, so `a"b` becomes `"a""b"`. Throws on empty names and NUL characters.
 * @example quoteIdentifier('乡镇') // '"乡镇"'
 */
export function quoteIdentifier(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new Error('identifier must be a non-empty string');
  if (name.includes('\u0000')) throw new Error('identifier must not contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quote a text literal for DuckDB (single quotes doubled). Prefer bound parameters; this is for
 * the few places a statement cannot take one (e.g. `SET` values).
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('literal must not contain NUL characters');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Split an SQL script into statements on `;` outside quotes and comments. Used by the SQL console
 * and to run indicator files that set up helper views before their final SELECT.
 */
export function splitSqlStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const next = script[i + 1];
    if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      const stop = end === -1 ? script.length : end;
      cur += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      const stop = end === -1 ? script.length : end + 2;
      cur += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === c) {
          if (script[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      cur += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      if (hasCode(cur)) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (hasCode(cur)) out.push(cur.trim());
  return out;
}

function hasCode(stmt: string): boolean {
  return stmt.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim().length > 0;
}

/** A statement with its leading comments, blanks and opening parentheses removed. */
function statementHead(stmt: string): string {
  let s = stmt;
  for (;;) {
    const t = s.replace(/^[\s(]+/, '');
    if (t.startsWith('--')) {
      const end = t.indexOf('\n');
      s = end === -1 ? '' : t.slice(end + 1);
    } else if (t.startsWith('/*')) {
      const end = t.indexOf('*/');
      s = end === -1 ? '' : t.slice(end + 2);
    } else return t;
  }
}

/**
 * Whether a statement installs, loads or updates a DuckDB extension (`INSTALL`, `FORCE INSTALL`,
 * `LOAD`, `UPDATE EXTENSIONS`), after any leading comments. The app refuses these: an extension
 * would be downloaded or read from disk.
 * @example isExtensionStatement('/* x *\/ load httpfs') // true
 */
export function isExtensionStatement(stmt: string): boolean {
  return /^(?:FORCE\s+)?INSTALL\b|^LOAD\b|^UPDATE\s+EXTENSIONS\b/i.test(statementHead(stmt));
}

/**
 * Whether a statement may change tables (anything but a plain query such as SELECT, FROM, VALUES,
 * DESCRIBE, SHOW, SUMMARIZE, EXPLAIN or a WITH … SELECT). Errs on the side of "may change": the
 * indicators are recomputed after such a statement ran in the SQL console.
 * @example mayChangeTables('DROP TABLE households') // true
 */
export function mayChangeTables(stmt: string): boolean {
  const head = statementHead(stmt);
  const word = /^[A-Za-z_]+/.exec(head)?.[0].toUpperCase() ?? '';
  if (['SELECT', 'FROM', 'VALUES', 'DESCRIBE', 'DESC', 'SHOW', 'SUMMARIZE', 'TABLE'].includes(word)) return false;
  if (word === 'EXPLAIN') return /^EXPLAIN\s+ANALY[SZ]E\b/i.test(head);
  if (word === 'WITH') return /\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|COPY)\b/i.test(head.replace(/'(?:[^']|'')*'/g, "''"));
  return true;
}

/**
 * Why a statement must not reach DuckDB, or null when it may: no SQL text, an extension statement
 * ({@link RefusedStatementError}), or `?` parameters given with more than one statement (the
 * engines differ there: the native one ran every statement and bound the last, wasm refused).
 * Both engines' `query` ask this first.
 */
export function refusedSql(sql: unknown, paramCount = 0): Error | null {
  if (typeof sql !== 'string' || sql.trim() === '') return new Error('query needs SQL text');
  const statements = splitSqlStatements(sql);
  const refused = statements.find(isExtensionStatement);
  if (refused !== undefined) return new RefusedStatementError(refused);
  if (paramCount > 0 && statements.length > 1) {
    return new Error(`带参数的查询只能有一条语句（此处 ${statements.length} 条）。\nA query with parameters must be a single statement (this one has ${statements.length}).`);
  }
  return null;
}
