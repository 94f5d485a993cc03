import { zh } from './zh/index';
import { en } from './en/index';
import type { Lang } from '../../layers/types';

/** The UI strings of one language: `t.common.layers`, `t.common.features(12)`. */
export type Messages = typeof zh;

/** Strings of each UI language (no React or store: the CLI reads them too). */
export const MESSAGES: Record<Lang, Messages> = { zh, en };
