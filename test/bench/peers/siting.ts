export function sitingSection(..._a: unknown[]): void {}
