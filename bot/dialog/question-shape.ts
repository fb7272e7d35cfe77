/**
 * Reads like a question ("근데 서울런은 돈 내야 돼요?", "몇 살까지 돼요"): inside a flow only such a
 * message may be answered from the knowledge pages; anything else is a miss of the step's question.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (/[?？]$/.test(t)) return true;
  return (
    /(나요|까요|가요|는지|던가|인가|ㄴ가|예요\?|에요\?|되요|돼요|되나|돼\?|어때|어떡|뭐야|뭐예요|뭔가요|알려\s*줘|알려\s*주세요|궁금)\s*[.~!]*$/.test(
      t,
    ) || /(몇|언제|어디|어떻게|어떤|얼마|왜|무엇|뭐|누가|누구)/.test(t)
  );
}
