import { loadQuizBank } from './knowledge/quiz/full-bank';
import { chooseDailySet } from './dialogs/quiz/scheduler';
const bank = loadQuizBank();
const now = new Date('2026-12-01T07:00:00Z');
for (let round = 0; round < 3; round++) {
let t = performance.now();
for (let i = 0; i < 2100; i++) chooseDailySet({ bank, grade: (['중1','중2','중3','고1'] as const)[i % 4], subjects: ['수학', '영어'], count: 3, cards: [], now, today: '2026-12-01', seed: `p${i}`, accuracy: null });
console.log('2100 sets', Math.round(performance.now() - t), 'ms');
}
