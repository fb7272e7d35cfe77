import { parseTimeOfDay } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

const afterSchool = { bareHourIsAfternoon: true };

describe('parseTimeOfDay', () => {
  it.each([
    ['저녁 7시쯤', 19, 0],
    ['4시', 16, 0],
    ['다섯 시 반', 17, 30],
    ['오후 2시 15분', 14, 15],
    ['21:10', 21, 10],
    ['1745', 17, 45],
    ['6pm', 18, 0],
    ['아침 9시', 9, 0],
    ['정오', 12, 0],
    ['7시 저녁', 19, 0],
    ['학원 끝나는 게 6시라 7시요', 19, 0],
    ['3시? 아니다 4시', 16, 0],
    ['네시 이십분', 16, 20],
  ] as const)('reads %s as %d:%d after school', (text, hour, minute) => {
    expect(parseTimeOfDay(text, afterSchool)).toEqual({ hour, minute });
  });

  it('reads a bare hour as typed without the after-school rule', () => {
    expect(parseTimeOfDay('4시')).toEqual({ hour: 4, minute: 0 });
  });

  it.each([
    '8시',
    '9시 15분',
    '11시 반',
    '저녁에',
    '아무 때나',
    '3시에서 4시 사이',
    '5시나 6시',
    '6시 이후',
    '몇 시가 좋아?',
    '응',
  ])('gives null for %s', (text) => {
    expect(parseTimeOfDay(text, afterSchool)).toBeNull();
  });

  it('reads a number alone as an hour, 시 cut short, and a bound beside the answer as its frame', () => {
    expect(parseTimeOfDay('5', { bareHourIsAfternoon: true })).toEqual({ hour: 17, minute: 0 });
    expect(parseTimeOfDay('5ㅅ', { bareHourIsAfternoon: true })).toEqual({ hour: 17, minute: 0 });
    expect(parseTimeOfDay('밤 10시 전에 9시', { bareHourIsAfternoon: true })).toEqual({
      hour: 21,
      minute: 0,
    });
    expect(parseTimeOfDay('5시~7시는 학원이라 그때 말고 7시 반', { bareHourIsAfternoon: true })).toEqual({
      hour: 19,
      minute: 30,
    });
    expect(parseTimeOfDay('7시 전에', { bareHourIsAfternoon: true })).toBeNull();
  });

  it('tells evening by what happens then', () => {
    expect(parseTimeOfDay('학원 끝나고 8시 반', { bareHourIsAfternoon: true })).toEqual({
      hour: 20,
      minute: 30,
    });
    expect(parseTimeOfDay('알바 갔다 와서 9시', { bareHourIsAfternoon: true })).toEqual({
      hour: 21,
      minute: 0,
    });
  });

  it('reads minutes before the hour, and 밤 12시 as midnight', () => {
    expect(parseTimeOfDay('4시 10분 전', afterSchool)).toEqual({ hour: 15, minute: 50 });
    expect(parseTimeOfDay('오후 6시 5분 전', afterSchool)).toEqual({ hour: 17, minute: 55 });
    expect(parseTimeOfDay('밤 12시 반', afterSchool)).toEqual({ hour: 0, minute: 30 });
    expect(parseTimeOfDay('낮 12시', afterSchool)).toEqual({ hour: 12, minute: 0 });
  });

  it('reads 8 to 11 without a part of the day as ambiguous after school, and with one as said', () => {
    expect(parseTimeOfDay('열 시', afterSchool)).toBeNull();
    expect(parseTimeOfDay('오전 10시', afterSchool)).toEqual({ hour: 10, minute: 0 });
    expect(parseTimeOfDay('밤 열 시 반', afterSchool)).toEqual({ hour: 22, minute: 30 });
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('time').percent).toBeGreaterThanOrEqual(99);
  });
});
