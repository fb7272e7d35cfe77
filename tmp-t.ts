import { GRADES } from './knowledge/quiz/bank';
import { loadCurriculum } from './knowledge/quiz/curriculum';
import { generateKorean, loadSpellingRules } from './knowledge/quiz/generators/korean';
const c = loadCurriculum(); const r = loadSpellingRules();
for (const g of GRADES) { const it = generateKorean(g, r, c); console.log(g, it.length, it.filter(i=>i.id.includes('blank')).length); }
const it = generateKorean('중1', r, c); for (const i of it.filter((_,k)=>k%9===0)) console.log(i.prompt,'|',i.choices!.join(' / '),'|',i.answer,'|',i.explanation);
