import { testContacts, testTexts } from '../../helpers/fake-turn';
import { KnowledgeLangChainRetriever } from '../../../knowledge/retrieval/langchain-retriever';
import { answerLanguage, offlineAnswer } from '../../../knowledge/retrieval/offline-answer';
import { bestPassage, shorten } from '../../../knowledge/retrieval/passage';
import { fixtureRetriever } from './helpers';

const deps = { texts: testTexts(), contacts: testContacts() };

describe('offline answer', () => {
  const retriever = fixtureRetriever();

  it('answers with the passage, its source and a 더 알아보기 link', () => {
    const q = '서울런 멘토링 어떻게 받아요';
    const answer = offlineAnswer(retriever.search(q), q, deps, 'ko');
    expect(answer).toMatchObject({ answered: true, topDocId: 'mentoring-overview', via: 'offline' });
    const [passage, source] = answer.reply.messages;
    expect(passage).toMatchObject({ type: 'text' });
    expect(passage!.text).toContain('대학생 멘토');
    expect(passage!.text.length).toBeLessThanOrEqual(450);
    expect(source).toMatchObject({
      type: 'card',
      buttons: [{ label: '더 알아보기', url: 'https://slearn.seoul.go.kr' }],
    });
    expect(source!.text).toContain('출처: 서울시 미디어허브 (2025-03-01 기준)');
    expect(source!.text).not.toContain('https://');
    expect(answer.reply.quickReplies).toContainEqual({ label: '처음으로', postback: 'menu:open' });
  });

  it('adds a check-with-the-help-centre note to uncertain facts', () => {
    const q = '탈퇴하면 재가입 언제 돼요';
    const answer = offlineAnswer(retriever.search(q), q, deps, 'ko');
    expect(answer.reply.messages[1]!.text).toContain('1533-0909');
  });

  it('says honestly it is not sure, with the help centre and the menu', () => {
    const q = '떡볶이 맛집 추천해줘';
    const answer = offlineAnswer(retriever.search(q), q, deps, 'ko');
    expect(answer.answered).toBe(false);
    expect(answer.reply.messages[0]!.text).toContain('잘 모르겠어요');
    expect(answer.reply.messages[1]).toMatchObject({
      type: 'card',
      buttons: expect.arrayContaining([{ label: '전화하기', phone: '1533-0909' }]),
    });
    expect(answer.reply.quickReplies.at(-1)).toEqual({ label: '처음으로', postback: 'menu:open' });
  });

  it('answers in English from the English version, or says the doc is Korean-only', () => {
    const q1 = 'how does mentoring work';
    const a1 = offlineAnswer(retriever.search(q1), q1, deps, 'en');
    expect(a1.reply.messages[0]!.text).toContain('university-student mentor');
    expect(a1.reply.messages[1]).toMatchObject({ buttons: [{ label: 'Learn more' }] });
    const q2 = 'can I rejoin after I withdraw';
    const a2 = offlineAnswer(retriever.search(q2), q2, deps, 'en');
    expect(a2.reply.messages[0]!.text).toMatch(/^\(This information is only available in Korean/);
  });

  it('picks the answer language from the question', () => {
    expect(answerLanguage('멘토링 뭐야', 'en')).toBe('ko');
    expect(answerLanguage('what is mentoring', 'ko')).toBe('en');
    expect(answerLanguage('1', 'en')).toBe('en');
  });
});

describe('passages', () => {
  it('cuts at a sentence end within the limit', () => {
    const long = '첫 문장이에요. '.repeat(80);
    const cut = shorten(long, 450);
    expect(cut.length).toBeLessThanOrEqual(450);
    expect(cut.endsWith('요.')).toBe(true);
  });

  it('keeps the opening paragraph and adds the one that matches the question', () => {
    const body = ['요약 문단이에요.', '가'.repeat(300), '비밀번호는 로그인 화면에서 다시 정해요.'].join(
      '\n\n',
    );
    const passage = bestPassage({ title: 't', body, keywords: [] }, '비밀번호 다시 정하기', 200);
    expect(passage).toBe('요약 문단이에요.\n\n비밀번호는 로그인 화면에서 다시 정해요.');
  });
});

describe('LangChain retriever', () => {
  it('is a BaseRetriever returning Documents with source metadata', async () => {
    const lc = new KnowledgeLangChainRetriever({ retriever: fixtureRetriever(), k: 2 });
    const docs = await lc.invoke('비밀번호를 잊어버렸어요');
    expect(docs).toHaveLength(2);
    expect(docs[0]!.metadata).toMatchObject({
      id: 'password-reset',
      link: 'https://slearn.seoul.go.kr',
      language: 'ko',
    });
    expect(docs[0]!.metadata.confidence).toBeGreaterThan(0.5);
    expect(docs[0]!.pageContent).toContain('비밀번호');
  });
});
