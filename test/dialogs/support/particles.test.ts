import { fill } from '../../../bot/texts-loader';

describe('particles after case numbers and names', () => {
  it('chooses the particle by how the number is read, not "#17를" or "#18가"', () => {
    expect(fill('케이스 #{case:을/를} 마무리해요', { case: '17' })).toBe('케이스 #17을 마무리해요');
    expect(fill('학생 #{case:이/가} 멈췄어요', { case: '18' })).toBe('학생 #18이 멈췄어요');
    expect(fill('학생 #{case:이/가} 멈췄어요', { case: '2' })).toBe('학생 #2가 멈췄어요');
    expect(fill('케이스 #{case:은/는} 종료됐어요', { case: '10' })).toBe('케이스 #10은 종료됐어요');
    expect(fill('케이스 #{case:은/는} 종료됐어요', { case: '4' })).toBe('케이스 #4는 종료됐어요');
    expect(fill('{n:으로/로} 가요', { n: '7' })).toBe('7로 가요');
    expect(fill('{name:이/가} 맡았어요', { name: '지수' })).toBe('지수가 맡았어요');
    expect(fill('{name:이/가} 맡았어요', { name: '민준' })).toBe('민준이 맡았어요');
  });
});
