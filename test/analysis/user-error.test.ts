import { describe, expect, test } from 'vitest';
import { messageInLanguage, userError } from '../../analysis/user-error.ts';
import { ParamError } from '../../analysis/params.ts';

describe('messages for the user in both languages', () => {
  test('userError: Chinese line then English; the app shows the line of its language', () => {
    const e = userError({ zh: '缺少乡镇图层', en: 'No townships layer' });
    expect(e.message).toBe('缺少乡镇图层\nNo townships layer');
    expect(messageInLanguage(e.message, 'zh')).toBe('缺少乡镇图层');
    expect(messageInLanguage(e.message, 'en')).toBe('No townships layer');
  });

  test('several pairs (a ParamError of two problems) keep every line of the language, in order', () => {
    const e = new ParamError([
      { key: 'a', origin: { kind: 'cli' }, value: 1, message: { zh: '参数甲超出范围', en: 'a is out of range' } },
      { key: 'b', origin: { kind: 'cli' }, value: 2, message: { zh: '参数乙超出范围', en: 'b is out of range' } },
    ]);
    expect(messageInLanguage(e.message, 'en')).toBe('a is out of range\nb is out of range');
    expect(messageInLanguage(e.message, 'zh')).toBe('参数甲超出范围\n参数乙超出范围');
  });

  test('any other message is shown whole: one line, an odd count, an English first line', () => {
    for (const m of ['roads are required', '一行', 'a\nb', '甲\nb\n丙', 'Only English\n中文在后']) {
      expect(messageInLanguage(m, 'en')).toBe(m);
      expect(messageInLanguage(m, 'zh')).toBe(m);
    }
  });
});
