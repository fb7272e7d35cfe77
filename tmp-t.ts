import { josa } from './knowledge/quiz/generators/particles';
console.log(['68','5','10','100','7/4','3/5','12 cm','45°','20%','3개','1.25','0','-3','1,000','180분'].map(x=>josa(x,'이에요')+' '+josa(x,'으로')+' '+josa(x,'을')).join(' | '));
import { generateMath } from './knowledge/quiz/generators/math';
for (const g of ['초3','초5','중3','고2'] as const) { const it = generateMath(g); for (const i of it.filter((_,k)=>k%23===0)) console.log(i.prompt, '|', i.choices?.join(' / '), '|', i.answer, '|', i.explanation); }
