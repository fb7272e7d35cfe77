import { generateEnglish, loadEnglishData } from './knowledge/quiz/generators/english';
const d = loadEnglishData();
const it = generateEnglish('초6', d); for (const i of it.filter((_,k)=>k%20===0)) console.log(i.prompt,'|',i.choices!.join(' / '),'|',i.explanation);
