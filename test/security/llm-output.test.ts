import {
  allowedReferences,
  checkAnswer,
  hostsIn,
  removeUnknownReferences,
} from '../../integrations/llm/guardrails';
import type { LlmPassage } from '../../knowledge/retrieval/llm-contract';

/**
 * Issue 18, item 8: the output filter missed hostnames outside a short list of top-level domains
 * (`apply-seoulrun.shop`, `slearn-seoul。com`) and counted the user's own question as grounding.
 */

const passage: LlmPassage = {
  id: 'mentoring-overview',
  title: '서울런 멘토링은 어떻게 받아요?',
  text: '서울런 멘토링은 대학생 멘토와 1:1로 화상 멘토링을 받는 프로그램이에요. 서울런 누리집에서 신청해요.',
  source: 'https://slearn.seoul.go.kr/mentoring',
  link: 'https://slearn.seoul.go.kr',
  language: 'ko',
};
const allowed = allowedReferences([passage], {
  all: () => [{ id: 'youth1388', web: 'https://www.1388.go.kr', phone: '1388' }],
} as never);

describe('links in model answers', () => {
  it.each([
    ['신청은 apply-seoulrun.shop 에서', 'apply-seoulrun.shop'],
    ['slearn-seoul。com 으로 가세요', 'slearn-seoul.com'],
    ['ＡＰＰＬＹ．ｓｈｏｐ 접속', 'apply.shop'],
    ['https://bit.ly/3abc 누르세요', 'bit.ly'],
    ['seoulrun.xyz:8080/login', 'seoulrun.xyz'],
  ])('finds the hostname in %j', (text, host) => {
    expect(hostsIn(text)).toContain(host);
  });

  it('removes every host not on the allow-list and keeps the official ones', () => {
    const answer =
      '신청은 apply-seoulrun.shop 이나 slearn-seoul。com, ＡＰＰＬＹ．ｓｈｏｐ 말고 https://slearn.seoul.go.kr/mentoring 에서 해요. 상담은 www.1388.go.kr 도 있어요.';
    const { text, removed } = removeUnknownReferences(answer, allowed);
    expect(removed).toBe(3);
    expect(text).not.toMatch(/seoulrun\.shop|slearn-seoul|ＡＰＰＬＹ/);
    expect(text).toContain('https://slearn.seoul.go.kr/mentoring');
    expect(text).toContain('www.1388.go.kr');
  });

  it('does not take decimals, times or versions-like numbers for hosts', () => {
    expect(hostsIn('3.14 그리고 10.5점, 1.2.3')).toEqual([]);
  });
});

describe('grounding', () => {
  it("does not count the user's own words as grounding", () => {
    const question = '우리 집 강아지 초코는 간식을 좋아하고 산책을 좋아해요. 초코 간식 추천해 주세요';
    const outcome = checkAnswer({
      raw: '강아지 초코는 간식과 산책을 좋아해요. 초코에게 간식을 추천해요 [1].',
      prompt: 'system prompt',
      question,
      passages: [passage],
      allowed,
      language: 'ko',
      maxChars: 400,
    });
    expect(outcome).toEqual({ kind: 'failed', reason: 'ungrounded' });
  });

  it('still accepts an answer the passages support', () => {
    const outcome = checkAnswer({
      raw: '서울런 멘토링은 대학생 멘토와 1:1로 화상 멘토링을 받는 프로그램이에요 [1].',
      prompt: 'system prompt',
      question: '멘토링 뭐예요',
      passages: [passage],
      allowed,
      language: 'ko',
      maxChars: 400,
    });
    expect(outcome.kind).toBe('answer');
  });
});
