export function fireSection(..._a: unknown[]): void {}
