import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Counts occurrences of `needle` (ASCII) in a file read in 16 MB pieces, without ever holding the
 * file as one string; also returns its first and last 64 KB and its size in bytes.
 */
export function scanFile(path: string, needle: string): { count: number; head: string; tail: string; bytes: number } {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16 * 1024 * 1024);
  const pat = Buffer.from(needle);
  let count = 0;
  let carry = Buffer.alloc(0);
  try {
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      pos += n;
      const chunk = Buffer.concat([carry, buf.subarray(0, n)]);
      for (let i = chunk.indexOf(pat); i >= 0; i = chunk.indexOf(pat, i + pat.length)) count++;
      // carry cannot hold a whole match, so nothing is counted twice
      carry = chunk.subarray(Math.max(0, chunk.length - pat.length + 1));
    }
    const head = Buffer.alloc(Math.min(size, 65536));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 65536));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return { count, head: head.toString('utf8'), tail: tail.toString('utf8'), bytes: size };
  } finally {
    closeSync(fd);
  }
}

/** Counts the lines (LF-terminated rows) of a file without reading it into one string. */
export function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16 * 1024 * 1024);
  let lines = 0;
  try {
    for (let pos = 0, n = 0; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}
