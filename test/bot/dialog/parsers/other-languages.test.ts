import { parseAgeGrade, parseCount, parseMoney, parseYesNo } from '../../../../bot/dialog/parsers';
import {
  answerInKorean,
  englishAmounts,
  foldVietnamese,
  hanNumerals,
  hanValue,
  plainThousands,
  schoolYearGrade,
} from '../../../../bot/dialog/parsers/other-languages';

describe('shared rewrites', () => {
  it('drops Vietnamese marks but keeps Hangul whole', () => {
    expect(foldVietnamese('Triệu đồng 서울')).toBe('trieu dong 서울');
  });

  it.each([
    ['七', 7],
    ['十二', 12],
    ['二十', 20],
    ['四百五十', 450],
    ['两千', 2000],
    ['4百', 400],
  ] as const)('reads the Chinese numeral %s as %d', (run, value) => {
    expect(hanValue(run)).toBe(value);
  });

  it('writes Chinese numerals as digits and 万 as 만', () => {
    expect(hanNumerals('四百五十万')).toBe('450만');
    expect(hanNumerals('六千万')).toBe('6000만');
  });

  it('joins thousands split by dots, never a decimal', () => {
    expect(plainThousands('4.100.000')).toBe('4100000');
    expect(plainThousands('1.5 trieu')).toBe('1.5 trieu');
    expect(plainThousands('950.000 won')).toBe('950000 won');
  });

  it('writes English number phrases with a scale as one figure', () => {
    expect(englishAmounts('three million five hundred thousand')).toBe('3500000');
    expect(englishAmounts('1 and 2 million')).toBe('1 and 2 million');
  });

  it.each([
    [1, '초1'],
    [6, '초6'],
    [7, '중1'],
    [9, '중3'],
    [10, '고1'],
    [12, '고3'],
  ] as const)('school year %d is %s', (year, grade) => {
    expect(schoolYearGrade(year)).toBe(grade);
  });

  it('leaves a Korean answer exactly as typed', () => {
    expect(answerInKorean('남편 저 애 둘이요', 'count')).toBe('남편 저 애 둘이요');
    expect(answerInKorean('중2', 'age_grade')).toBe('중2');
  });
});

describe('money in Vietnamese, Chinese and English', () => {
  it.each([
    // triệu / tr = a million, with its tenths after it and rưỡi for a half
    ['6 triệu', 6_000_000],
    ['khoảng 1 triệu rưỡi', 1_500_000],
    ['5tr3', 5_300_000],
    ['7 triệu 4', 7_400_000],
    ['bốn triệu', 4_000_000],
    ['1,2 triệu', 1_200_000],
    ['800 nghìn', 800_000],
    ['4 củ', 4_000_000],
    ['hai triệu ba', 2_300_000],
    ['1 triệu 200', 1_200_000],
    ['900 ngàn', 900_000],
    ['tầm 3-4 triệu', 3_500_000],
    // dotted thousands with or without a currency
    ['4.100.000 đồng', 4_100_000],
    ['2.050.000đ', 2_050_000],
    ['950.000 won', 950_000],
    ['5.300.000', 5_300_000],
    // a year's amount is divided by twelve
    ['mỗi năm 60 triệu', 5_000_000],
    ['一年七千二百万', 6_000_000],
    ['annual income about 48 million', 4_000_000],
    // Chinese numerals and 万
    ['一百八十万', 1_800_000],
    ['4百万', 4_000_000],
    ['大概两百五十万吧', 2_500_000],
    ['150到200万', 1_750_000],
    ['每个月180万韩币', 1_800_000],
    // English scales and ranges
    ['3.1M', 3_100_000],
    ['2.7 mil', 2_700_000],
    ['750k', 750_000],
    ['between 1 and 2 million', 1_500_000],
    ['three million five hundred thousand won', 3_500_000],
  ] as const)('reads %s as %d won a month', (text, won) => {
    expect(parseMoney(text)?.monthlyWon).toBe(won);
  });

  it('adds each earner, in every language', () => {
    expect(parseMoney('chồng 2 triệu, vợ 1 triệu')?.monthlyWon).toBe(3_000_000);
    expect(parseMoney('丈夫250万，我兼职80万')?.monthlyWon).toBe(3_300_000);
    expect(parseMoney('my wife earns 1.5 million and I earn 2 million')?.monthlyWon).toBe(3_500_000);
  });

  it('reads one earner said as "alone"', () => {
    expect(parseMoney('我一个人挣一百八十万')?.monthlyWon).toBe(1_800_000);
  });

  it('takes the amount after a correction', () => {
    expect(parseMoney('180万，不对，200万')?.monthlyWon).toBe(2_000_000);
    expect(parseMoney('2 triệu, à không, 2 triệu rưỡi')?.monthlyWon).toBe(2_500_000);
  });

  it('reads no income as zero and an answer without an amount as none', () => {
    expect(parseMoney('không có thu nhập gì')?.monthlyWon).toBe(0);
    expect(parseMoney('收入不一样，不好说')).toBeNull();
  });
});

describe('ages and grades in Vietnamese, Chinese and English', () => {
  it.each([
    // school years 1–12 across schools
    ['lớp 2', '초2'],
    ['con học lớp 7 rồi', '중1'],
    ['lop 11', '고2'],
    ['lớp mười một', '고2'],
    ['grade 12', '고3'],
    ['gr. 4', '초4'],
    ['she is in 8th grade', '중2'],
    ['fifth grade', '초5'],
    ['小学二年级', '초2'],
    ['小學四年級', '초4'],
    ['九年级', '중3'],
    ['初一', '중1'],
    ['初中二年级', '중2'],
    ['高三', '고3'],
    // statuses
    ['大一', '대학생'],
    ['con đang học đại học', '대학생'],
    ['还在上幼儿园', '유치원'],
    ['bé học mẫu giáo', '유치원'],
    ['dropped out last year', '학교 밖'],
    ['đã nghỉ học', '학교 밖'],
    ['已经高中毕业', '졸업'],
    ['graduated in February', '졸업'],
  ] as const)('reads %s as %s', (text, grade) => {
    expect(parseAgeGrade(text)?.grade).toBe(grade);
  });

  it('reads the year within a school named in English', () => {
    expect(parseAgeGrade('3rd year of middle school')?.grade).toBe('중3');
    expect(parseAgeGrade('first year in high school')?.grade).toBe('고1');
  });

  it('never reads a school year as an age', () => {
    expect(parseAgeGrade('lớp 9')).toEqual({ grade: '중3' });
    expect(parseAgeGrade('grade 10')).toEqual({ grade: '고1' });
  });

  it.each([
    ['13 tuổi', 13, 'plain'],
    ['tròn 15 tuổi', 15, 'man'],
    ['十二岁', 12, 'plain'],
    ['16岁了', 16, 'plain'],
    ['11周岁', 11, 'man'],
    ['满十四周岁', 14, 'man'],
    ['he turned 11 in May', 11, 'man'],
    ['14 yo', 14, 'plain'],
    ['13 korean age', 13, 'korean'],
  ] as const)('reads %s as %d (%s)', (text, age, ageKind) => {
    expect(parseAgeGrade(text)).toMatchObject({ age, ageKind });
  });

  it.each([
    ['sinh năm 2011', 2011],
    ['sinh 2015', 2015],
    ['2010年出生', 2010],
    ['2016年生的', 2016],
    ['born in 2009', 2009],
    ['born 2012', 2012],
  ] as const)('reads %s as born in %d', (text, year) => {
    expect(parseAgeGrade(text)?.birthYear).toBe(year);
  });

  it('keeps this year’s grade when next year’s school is said after it', () => {
    expect(parseAgeGrade('初三，明年上高中')?.grade).toBe('중3');
    expect(parseAgeGrade('lớp 5, năm sau lên cấp 2')?.grade).toBe('초5');
    expect(parseAgeGrade('6th grade, next year middle school')?.grade).toBe('초6');
  });
});

describe('counts in Vietnamese, Chinese and English', () => {
  const household = { subject: 'household' } as const;
  const children = { subject: 'children' } as const;

  it.each([
    ['3 người', 3],
    ['năm người', 5],
    ['nhà em có 4 người ạ', 4],
    ['6人', 6],
    ['3个人', 3],
    ['四口人', 4],
    ['家里一共五口', 5],
    ['3 people', 3],
    ['five persons', 5],
    ['four of us', 4],
  ] as const)('reads %s as a household of %d', (text, n) => {
    expect(parseCount(text, household)).toBe(n);
  });

  it('counts a list of the people who live together', () => {
    expect(parseCount('em, chồng và 3 đứa con', household)).toBe(5);
    expect(parseCount('vợ chồng tôi với bà ngoại', household)).toBe(3);
    expect(parseCount('我、丈夫和一个孩子', household)).toBe(3);
    expect(parseCount('我妈、我和女儿', household)).toBe(3);
    expect(parseCount('me, my wife and 2 kids', household)).toBe(4);
    expect(parseCount('my mom and me', household)).toBe(2);
    expect(parseCount('only me', household)).toBe(1);
    expect(parseCount('我和儿子两个人', household)).toBe(2);
    expect(parseCount('我和三个女儿', household)).toBe(4);
    expect(parseCount('只有我', household)).toBe(1);
  });

  it.each([
    ['hai đứa', 2],
    ['một bé thôi', 1],
    ['两个孩子', 2],
    ['一女一儿', 2],
    ['独生子', 1],
    ['4 kids', 4],
    ['a girl and a boy', 2],
    ['she is an only child', 1],
  ] as const)('reads %s as %d children', (text, n) => {
    expect(parseCount(text, children)).toBe(n);
  });

  it('takes the count after a correction', () => {
    expect(parseCount('3 người, à không, 4 người', household)).toBe(4);
    expect(parseCount('三个，哦不，四个', household)).toBe(4);
    expect(parseCount('3, no wait, 4', household)).toBe(4);
  });
});

describe('yes and no in Vietnamese, Chinese and English', () => {
  const seoul = { question: 'Hiện tại bạn có sống ở Seoul không?' };
  const remove = { question: '要删除吗？' };

  it.each([
    ['có chứ', 'yes'],
    ['dạ có', 'yes'],
    ['vâng ạ', 'yes'],
    ['ừ', 'yes'],
    ['đúng vậy', 'yes'],
    ['không', 'no'],
    ['dạ không', 'no'],
    ['chưa ạ', 'no'],
    ['đừng nhé', 'no'],
    ['không chắc lắm', 'unsure'],
    ['是啊', 'yes'],
    ['对的', 'yes'],
    ['好吧', 'yes'],
    ['不是的', 'no'],
    ['没有啊', 'no'],
    ['不要了', 'no'],
    ['我不知道', 'unsure'],
    ['yeah', 'yes'],
    ['yep yep', 'yes'],
    ['nope', 'no'],
    ['nah', 'no'],
    ['not sure', 'unsure'],
  ] as const)('reads %s as %s', (text, answer) => {
    expect(parseYesNo(text, remove)).toBe(answer);
  });

  it.each(['em không ổn', 'không muốn gì nữa', '我不好', '我很好', "i'm not ok", 'not so good'])(
    'reads %s as how someone is or a question back, never as yes or no',
    (text) => {
      expect(
        parseYesNo(text, { question: 'Bạn có đang nghĩ đến chuyện muốn làm hại bản thân không?' }),
      ).toBeNull();
    },
  );

  it('reads the verb asked about, said back, as a go-ahead', () => {
    expect(parseYesNo('删掉吧', remove)).toBe('yes');
    expect(parseYesNo('xóa đi', remove)).toBe('yes');
  });

  it('reads where one lives to the Seoul question', () => {
    expect(parseYesNo('em ở 노원구', seoul)).toBe('yes');
    expect(parseYesNo('không, em ở Ansan', seoul)).toBe('no');
    expect(parseYesNo('是的，在首尔', seoul)).toBe('yes');
    expect(parseYesNo('yes, in Seoul', seoul)).toBe('yes');
  });
});
