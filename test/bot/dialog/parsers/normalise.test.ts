import { normaliseAnswer } from '../../../../bot/dialog/parsers';

describe('normaliseAnswer', () => {
  it('keeps typed jamo answers and squashes the rest', () => {
    expect(normaliseAnswer('ㅇㅇ')).toBe('ㅇㅇ');
    expect(normaliseAnswer('ㄴㄴ!!')).toBe('ㄴㄴ');
    expect(normaliseAnswer('ㅎㅇ')).toBe('ㅎㅇ');
    expect(normaliseAnswer('  ３００만원쯤ㅎ  ')).toBe('300만원쯤');
    expect(normaliseAnswer('넷이요ㅋㅋㅋ 😊')).toBe('넷이요');
    expect(normaliseAnswer('YES~!')).toBe('yes');
  });
});
