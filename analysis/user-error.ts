import type { ParamText } from './params.ts';

/**
 * An error for the user, not for the developer: its message is the Chinese line, then the English
 * one (as the command line prints them, and as {@link messageInLanguage} picks one for the app).
 * For what a user can cause with ordinary data or settings (a layer missing for the option chosen,
 * too few candidates for the count asked for); a broken call stays a plain Error.
 * @example throw userError({ zh: '选址需要乡镇图层', en: 'Siting needs the townships layer' })
 */
export function userError(text: ParamText): Error {
  const e = new Error(`${text.zh}\n${text.en}`);
  e.name = 'UserError';
  return e;
}

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

/**
 * The lines of a message in one language, when the message is Chinese and English lines in pairs
 * (zh, en, zh, en …: {@link userError}, ParamError); any other message whole. Pure.
 * @example messageInLanguage('选址需要乡镇图层\nSiting needs the townships layer', 'en') // 'Siting needs the townships layer'
 */
export function messageInLanguage(message: string, lang: 'zh' | 'en'): string {
  const lines = message.split('\n');
  if (lines.length < 2 || lines.length % 2 !== 0) return message;
  for (let i = 0; i < lines.length; i += 2) if (!CJK.test(lines[i])) return message;
  return lines.filter((_, i) => (i % 2 === 0) === (lang === 'zh')).join('\n');
}
