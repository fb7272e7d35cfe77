import { parseDateTime } from '../../../../bot/dialog/parsers';
import { seoulWallClock } from '../../../../knowledge/typed-answers/evaluate';
import { tuningFigure } from './tuning-guard';

// Monday 7 December 2026, 10:00 in Seoul (01:00 UTC).
const now = new Date('2026-12-07T10:00:00+09:00');
const at = (text: string): string | null => {
  const date = parseDateTime(text, now);
  return date && seoulWallClock(date);
};

describe('parseDateTime', () => {
  it.each([
    ['내일 4시', '2026-12-08T16:00'],
    ['모레 아침 10시', '2026-12-09T10:00'],
    ['다음주 월요일 3시', '2026-12-14T15:00'],
    ['30분 뒤', '2026-12-07T10:30'],
    ['두 시간 후', '2026-12-07T12:00'],
    ['금요일 저녁 8시', '2026-12-11T20:00'],
    ['12월 20일 오후 1시', '2026-12-20T13:00'],
    ['1월 3일 11시', '2027-01-03T11:00'],
    ['오늘 3시 반', '2026-12-07T15:30'],
    ['내일 이 시간', '2026-12-08T10:00'],
    ['이틀 뒤 저녁 6시', '2026-12-09T18:00'],
    ['낼 오전 9시', '2026-12-08T09:00'],
  ] as const)('reads %s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it('returns the Seoul wall clock as an instant', () => {
    expect(parseDateTime('내일 4시', now)?.toISOString()).toBe('2026-12-08T07:00:00.000Z');
  });

  it.each(['내일', '다음주에', '저녁에', '월요일 3시', '9시', '내일 2시에서 3시 사이', '나중에요', '네'])(
    'gives null for %s',
    (text) => {
      expect(at(text)).toBeNull();
    },
  );

  it('reads Sino-Korean days and minutes, month ends, right now and 초성', () => {
    expect(at('이십 일 오후 세 시')).toBe('2026-12-20T15:00');
    expect(at('그믐날 10시')).toBe('2026-12-31T10:00');
    expect(at('지금 당장')).toBe('2026-12-07T10:00');
    expect(at('ㄴㅇ 3시')).toBe('2026-12-08T15:00');
    expect(at('이십 분 있다 가')).toBe('2026-12-07T10:20');
    expect(at('반시간 뒤')).toBe('2026-12-07T10:30');
  });

  it('sets aside a time given as a reason at the end', () => {
    expect(at('모레 3시. 2시에 회의라서')).toBe('2026-12-09T15:00');
  });

  it('reads a span with 쯤 or 정도 before 뒤, and 밤 12시 as the start of the next day', () => {
    expect(at('두 시간쯤 뒤')).toBe('2026-12-07T12:00');
    expect(at('30분 정도 후에')).toBe('2026-12-07T10:30');
    expect(at('내일 밤 12시')).toBe('2026-12-09T00:00');
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('datetime').percent).toBeGreaterThanOrEqual(99);
  });
});
