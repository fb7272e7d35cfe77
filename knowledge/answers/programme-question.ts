import { looksLikeQuestion } from '../../bot/dialog/question-shape';
import { routeQuestion } from './route-question';

/**
 * Words that make a question about the programme itself. The router's own word list is broader
 * (공부, 선생님, 돈), and "공부해서 뭐해? 어차피 끝인데" must still get the direct question. Money
 * counts only as the price of joining ("돈 내야 돼?", "돈 들어?"), never as money someone demands
 * ("돈 내라고 해요" stays with the risk screen).
 */
const PROGRAMME_WORD =
  /서울런|가입|신청|자격|대상|서류|유료|무료|비용|강의|인강|수강|멘토링|홈페이지|사이트|상담센터|콜센터|문의|중위소득|수급|차상위|한부모|(돈|회비|수강료)(을|이|은)?\s*(내야|내나|내요|내는\s*거|들어|드나|드는\s*거|들까|받아|받나|받는\s*거)/;

/**
 * A question about the programme ("서울런은 유료인가요?", "근데 이거 돈 내야 돼?"): answered from the
 * knowledge pages, never taken for the classifier's guess at distress or at harm by others.
 */
export const isProgrammeQuestion = (text: string): boolean =>
  looksLikeQuestion(text) && PROGRAMME_WORD.test(text) && routeQuestion(text).kind !== 'other';
