import { answerQuestion } from '../../../knowledge/retrieval/answer-question';
import { docReply } from '../../../knowledge/retrieval/offline-answer';
import { realRetriever } from '../../../knowledge/eval-knowledge';
import { testContacts, testTexts } from '../../helpers/fake-turn';

/**
 * The questions issue 15 saw missed (parents and students on web chat, no LLM): each is answered
 * outright by the document that holds the fact, and the passage shown holds the fact itself.
 */
describe('issue 15 retrieval misses (real documents, offline)', () => {
  const retriever = realRetriever();
  const deps = { texts: testTexts(), contacts: testContacts() };

  it.each([
    ['서울런은 언제 시작했어요?', 'seoulrun-overview', '2021년 8월 27일'],
    ['멘토 하려면 학점이 어느 정도 돼야 해요?', 'mentor-qualifications', 'C+'],
    ['작년에 서울런으로 대학 간 학생이 몇 명이에요?', 'stats-university', '782명'],
    ['돈 내야 돼요?', 'cost-free', '무료'],
    ['상담원이랑 직접 통화하고 싶어요', 'help-centre', '1533-0909'],
    ['그럼 서울로 이사가면 바로 되나요?', 'moving-to-seoul', '전입신고'],
    ['작년에 가입했는데 올해 다시 해야되나요? 재인증', 're-verification', '해마다'],
    ['아이 퀴즈 결과를 제가 볼 수 있나요?', 'bot-daily-quiz', '부모님 공유 켜기'],
    ['전화번호 좀 알려주세요', 'help-centre', '1533-0909'],
  ])('%s → %s', (question, doc, fact) => {
    const decision = answerQuestion(retriever, question, 'ko');
    expect(decision.kind).toBe('answer');
    if (decision.kind !== 'answer') return;
    expect(decision.doc.id).toBe(doc);
    expect(decision.passage).toContain(fact);
  });

  it('gives the help centre number with its hours once when a parent asks to call', () => {
    const question = '상담원이랑 직접 통화하고 싶어요';
    const decision = answerQuestion(retriever, question, 'ko');
    if (decision.kind !== 'answer') throw new Error(`expected an answer, got ${decision.kind}`);
    const reply = docReply(decision.doc, question, deps, 'ko');
    const all = reply.messages.map((m) => m.text).join('\n');
    expect(all).toContain('1533-0909');
    expect(all.split('평일 10시~21시').length - 1).toBe(1);
  });

  it('refuses what no document is about', () => {
    expect(answerQuestion(retriever, '떡볶이 맛집 추천해줘', 'ko').kind).not.toBe('answer');
    expect(answerQuestion(retriever, '오늘 미세먼지 어때', 'ko').kind).toBe('refuse');
  });
});
