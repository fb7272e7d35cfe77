import { isSeoulResidence } from '../../../../bot/dialog/parsers';

describe('isSeoulResidence', () => {
  it.each([
    '서울 사라요',
    '서울 송파 살고',
    '은평구고요',
    '마포요',
    '동대문구 살아요',
    '중구',
    '영등포구에 삽니다',
    '서울시민이에요',
    '잠실이요',
    '신림동 살아요',
    '목동',
    '작년에 서울로 이사 왔어요',
  ])('says yes to %s', (text) => {
    expect(isSeoulResidence(text)).toBe('yes');
  });

  it.each([
    '부천',
    '구리 살아요',
    '성남이요',
    '경기도요',
    '인천',
    '서울 바로 옆 광명',
    '예전엔 서울 살았는데 지금은 김포',
    '다음 달에 서울로 이사 가요',
    '학교는 서울인데 집은 고양',
    '서울 근처요',
  ])('says no to %s', (text) => {
    expect(isSeoulResidence(text)).toBe('no');
  });

  it.each(['네', '아니요', '서울런 대상인가요?', '서울 살아야 돼요?', '배고파'])(
    'names no place in %s',
    (text) => {
      expect(isSeoulResidence(text)).toBeNull();
    },
  );

  it('knows all 25 districts with and without 구', () => {
    const districts = [
      '종로',
      '용산',
      '성동',
      '광진',
      '동대문',
      '중랑',
      '성북',
      '강북',
      '도봉',
      '노원',
      '은평',
      '서대문',
      '마포',
      '양천',
      '강서',
      '구로',
      '금천',
      '영등포',
      '동작',
      '관악',
      '서초',
      '강남',
      '송파',
      '강동',
    ];
    for (const district of districts) {
      expect(isSeoulResidence(`${district}구 살아요`)).toBe('yes');
      expect(isSeoulResidence(`${district} 살아요`)).toBe('yes');
    }
    expect(isSeoulResidence('중구 살아요')).toBe('yes');
  });
});
