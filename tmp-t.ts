import { loadQuizBank } from './knowledge/quiz/full-bank';
const t = Date.now(); const b = loadQuizBank(); console.log(b.items.length, Date.now()-t, 'ms');
