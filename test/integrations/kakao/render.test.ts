import { join } from 'node:path';
import { card, text, type Reply } from '../../../bot/messages';
import { loadTexts } from '../../../bot/texts-loader';
import {
  KAKAO_FALLBACK_TEXTS,
  KAKAO_LIMITS,
  KAKAO_MORE_POSTBACK,
  kakaoRenderTexts,
  renderKakaoApology,
  renderKakaoResponse,
  renderUseCallback,
} from '../../../integrations/kakao/render';
import type { KakaoOutput, TemplateResponse } from '../../../integrations/kakao/response-schema';
import { skillResponseSchema } from '../../../integrations/kakao/response-schema';
import { expectValidSkillResponse } from './helpers';

const catalogue = loadTexts(join(__dirname, '..', '..', '..', 'knowledge', 'texts'));

function render(reply: Partial<Reply>) {
  const rendered = renderKakaoResponse(
    { messages: [], quickReplies: [], ...reply },
    kakaoRenderTexts(catalogue.ko),
  );
  expectValidSkillResponse(rendered.response);
  return rendered;
}

const outputs = (r: TemplateResponse): KakaoOutput[] => r.template.outputs;
const simpleTexts = (r: TemplateResponse): string[] =>
  outputs(r).flatMap((o) => ('simpleText' in o ? [o.simpleText.text] : []));
const textCard = (o: KakaoOutput | undefined) => {
  if (!o || !('textCard' in o)) throw new Error(`expected a textCard, got ${JSON.stringify(o)}`);
  return o.textCard;
};

describe('KAKAO_LIMITS', () => {
  it('declares Kakao limits as data', () => {
    expect(KAKAO_LIMITS).toMatchObject({
      maxMessages: 3,
      maxQuickReplies: 10,
      maxTextLength: 1000,
      visibleTextLength: 500,
      maxButtons: 3,
      maxButtonLabel: 14,
    });
  });
});

describe('renderKakaoResponse', () => {
  it('renders a short text as one simpleText', () => {
    const { response, overflow } = render({ messages: [text('안녕하세요! 서울런 도우미예요.')] });
    expect(response).toEqual({
      version: '2.0',
      template: { outputs: [{ simpleText: { text: '안녕하세요! 서울런 도우미예요.' } }] },
    });
    expect(overflow).toBeNull();
  });

  it('renders a card as a textCard whose postback buttons send the label and carry the postback in extra', () => {
    const { response } = render({
      messages: [
        card('오늘의 퀴즈', '분수의 덧셈: 1/2 + 1/4 는?', [
          { label: '3/4', postback: 'quiz:answer:q-123:1' },
          { label: '2/6', postback: 'quiz:answer:q-123:2' },
        ]),
      ],
    });
    const c = textCard(outputs(response)[0]);
    expect(c.title).toBe('오늘의 퀴즈');
    expect(c.buttons).toEqual([
      { action: 'message', label: '3/4', messageText: '3/4', extra: { postback: 'quiz:answer:q-123:1' } },
      { action: 'message', label: '2/6', messageText: '2/6', extra: { postback: 'quiz:answer:q-123:2' } },
    ]);
  });

  it('renders url buttons as webLink and phone buttons as phone, with the number also in the card text', () => {
    const { response } = render({
      messages: [
        card('서울런 학습상담센터', '평일 10시~21시에 전화할 수 있어요.', [
          { label: '홈페이지', url: 'https://slearn.seoul.go.kr' },
          { label: '전화하기', phone: '1533-0909' },
        ]),
      ],
    });
    const c = textCard(outputs(response)[0]);
    expect(c.buttons).toEqual([
      { action: 'webLink', label: '홈페이지', webLinkUrl: 'https://slearn.seoul.go.kr' },
      { action: 'phone', label: '전화하기', phoneNumber: '1533-0909' },
    ]);
    expect(c.description).toContain('1533-0909');
  });

  it('does not repeat a number the card text already shows', () => {
    const { response } = render({
      messages: [
        card('위기 상담', '지금 힘들면 109에 전화해 주세요.', [{ label: '109 전화', phone: '109' }]),
      ],
    });
    expect(textCard(outputs(response)[0]).description).toBe('지금 힘들면 109에 전화해 주세요.');
  });

  it('shortens long labels to 14 characters at a word boundary but sends the whole label when tapped', () => {
    const label = '서울런 가입 자격을 다시 확인하고 싶어요';
    const { response } = render({
      messages: [card('', '무엇을 할까요?', [{ label, postback: 'faq:eligibility' }])],
      quickReplies: [{ label: '멘토링 신청 방법 (대학생 멘토)', postback: 'faq:mentoring' }],
    });
    const button = textCard(outputs(response)[0]).buttons?.[0];
    expect(button?.label.length).toBeLessThanOrEqual(14);
    expect(button?.label.endsWith('…')).toBe(true);
    expect(button).toMatchObject({ messageText: label });
    expect(response.template.quickReplies?.[0]).toEqual({
      label: '멘토링 신청 방법',
      action: 'message',
      messageText: '멘토링 신청 방법 (대학생 멘토)',
      extra: { postback: 'faq:mentoring' },
    });
  });

  it('numbers blank labels, so the choice can still be typed', () => {
    const { response } = render({
      messages: [text('고르세요.')],
      quickReplies: [
        { label: ' ', postback: 'a' },
        { label: '둘', postback: 'b' },
      ],
    });
    expect(response.template.quickReplies?.map((q) => q.label)).toEqual(['1', '둘']);
  });

  it('keeps more than 10 quick replies behind 더 보기 and serves them next', () => {
    const quickReplies = Array.from({ length: 12 }, (_, i) => ({
      label: `선택 ${i + 1}`,
      postback: `pick:${i + 1}`,
    }));
    const first = render({ messages: [text('하나를 골라 주세요.')], quickReplies });
    const shown = first.response.template.quickReplies ?? [];
    expect(shown).toHaveLength(10);
    expect(shown[9]).toEqual({
      label: '더 보기',
      action: 'message',
      messageText: '더 보기',
      extra: { postback: KAKAO_MORE_POSTBACK },
    });
    expect(first.overflow).toEqual({ messages: [], quickReplies: quickReplies.slice(9) });

    const second = render(first.overflow!);
    expect(simpleTexts(second.response)).toEqual(['다른 선택지도 있어요.']);
    expect(second.response.template.quickReplies?.map((q) => q.extra?.postback)).toEqual([
      'pick:10',
      'pick:11',
      'pick:12',
    ]);
    expect(second.overflow).toBeNull();
  });

  it('keeps more than 3 outputs behind 더 보기, with the original quick replies on the last page', () => {
    const messages = ['하나.', '둘.', '셋.', '넷.', '다섯.'].map((t) => text(t));
    const quickReplies = [{ label: '처음으로', postback: 'menu:home' }];
    const first = render({ messages, quickReplies });
    expect(simpleTexts(first.response)).toEqual(['하나.', '둘.', '셋.']);
    expect(first.response.template.quickReplies?.map((q) => q.extra?.postback)).toEqual([
      KAKAO_MORE_POSTBACK,
    ]);
    const second = render(first.overflow!);
    expect(simpleTexts(second.response)).toEqual(['넷.', '다섯.']);
    expect(second.response.template.quickReplies?.map((q) => q.extra?.postback)).toEqual(['menu:home']);
    expect(second.overflow).toBeNull();
  });

  it('splits a long text on paragraph boundaries into bubbles of at most 1000', () => {
    const paragraph = (n: number) =>
      `${n}번 문단입니다. ${'서울런은 서울시의 교육 지원 사업이에요. '.repeat(12)}`.trim();
    const body = [1, 2, 3, 4].map(paragraph).join('\n\n');
    const { response } = render({ messages: [text(body)] });
    const pieces = simpleTexts(response);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1000);
    expect(pieces[0]?.startsWith('1번 문단입니다.')).toBe(true);
    expect(pieces.every((p) => /^\d번 문단입니다\./.test(p))).toBe(true);
  });

  it('keeps the key sentence inside the first 500 characters when the first sentence is very long', () => {
    const body = `${'아주 긴 문장이 계속 이어지고 '.repeat(60)}끝. 다음 문장.`;
    const { response } = render({ messages: [text(body)] });
    expect(simpleTexts(response)[0]!.length).toBeLessThanOrEqual(500);
  });

  it('never cuts an emoji in half', () => {
    const body = '👨‍👩‍👧'.repeat(400);
    const { response, overflow } = render({ messages: [text(body)] });
    const all = [
      ...simpleTexts(response),
      ...(overflow?.messages ?? []).map((m) => (m.type === 'text' ? m.text : '')),
    ].join('');
    expect(all).toBe(body);
  });

  it('strips Markdown', () => {
    const { response } = render({
      messages: [
        text(
          '## 안내\n**신청**은 [홈페이지](https://slearn.seoul.go.kr)에서 해요.\n- 준비물: `가족관계증명서`',
        ),
      ],
    });
    expect(simpleTexts(response)[0]).toBe(
      '안내\n신청은 홈페이지 (https://slearn.seoul.go.kr)에서 해요.\n• 준비물: 가족관계증명서',
    );
  });

  it('shortens a long card title and keeps the whole title in the text', () => {
    const title = '2026년 서울런 3.0 확대 발표: 소득 기준 80 %로 상향, 다자녀 가구 추가 (시행 확인 중)';
    const { response } = render({
      messages: [
        card(title, '자세한 내용은 홈페이지에서 확인해 주세요.', [
          { label: '자세히', url: 'https://slearn.seoul.go.kr' },
        ]),
      ],
    });
    const c = textCard(outputs(response)[0]);
    expect(c.title!.length).toBeLessThanOrEqual(50);
    expect(c.description!.startsWith(title)).toBe(true);
  });

  it('puts a card with 5 buttons on two cards of at most 3 buttons', () => {
    const buttons = Array.from({ length: 5 }, (_, i) => ({
      label: `${i + 1}번`,
      postback: `quiz:answer:q-9:${i + 1}`,
    }));
    const { response } = render({ messages: [card('문제', '알맞은 답은?', buttons)] });
    const cards = outputs(response).map(textCard);
    expect(cards.map((c) => c.buttons?.length)).toEqual([3, 2]);
    expect(cards[1]!.title).toBe('문제');
  });

  it('moves card text that does not fit 400 characters into the following bubbles', () => {
    const body = '서울런 멘토링 안내 문장입니다. '.repeat(40);
    const { response, overflow } = render({
      messages: [card('멘토링', body, [{ label: '신청', postback: 'mentoring:apply' }])],
    });
    const c = textCard(outputs(response)[0]);
    expect(c.title!.length + c.description!.length).toBeLessThanOrEqual(400);
    expect(outputs(response).length + (overflow?.messages.length ?? 0)).toBeGreaterThan(1);
  });

  it('a card without buttons becomes plain text', () => {
    const { response } = render({ messages: [card('안내', '내용이에요.', [])] });
    expect(simpleTexts(response)).toEqual(['안내\n내용이에요.']);
  });

  it('drops blank text and still answers validly when nothing is left', () => {
    expect(render({ messages: [text('   ')] }).response.template.outputs).toHaveLength(1);
    expect(render({}).response.template.outputs).toHaveLength(1);
  });

  it('turns a malformed button (bad URL, bad phone) into a typed choice instead of breaking the answer', () => {
    const { response } = render({
      messages: [
        card('t', 'd', [
          { label: '링크', url: 'javascript:alert(1)' },
          { label: '전화', phone: 'call me' },
        ]),
      ],
    });
    expect(textCard(outputs(response)[0]).buttons?.map((b) => b.action)).toEqual(['message', 'message']);
  });

  it('uses English labels when given the English catalogue', () => {
    const quickReplies = Array.from({ length: 11 }, (_, i) => ({ label: `${i}`, postback: `p:${i}` }));
    const { response } = renderKakaoResponse(
      { messages: [text('Pick one.')], quickReplies },
      kakaoRenderTexts(catalogue.en),
    );
    expect(response.template.quickReplies?.[9]?.label).toBe('More');
  });
});

describe('apology and callback acknowledgement', () => {
  it.each(['ko', 'en'] as const)(
    'the %s apology is a valid template, from the catalogue or the fallback',
    (language) => {
      const fromCatalogue = renderKakaoApology(language, catalogue[language]);
      const fallback = renderKakaoApology(language);
      expectValidSkillResponse(fromCatalogue);
      expect(fallback).toEqual(fromCatalogue);
    },
  );

  it('falls back when the catalogue throws', () => {
    const broken = {
      language: 'ko' as const,
      has: () => true,
      t: () => {
        throw new Error('boom');
      },
    };
    expect(renderKakaoApology('ko', broken)).toEqual(renderKakaoApology('ko'));
  });

  it('useCallback answer has no template', () => {
    const ack = renderUseCallback(catalogue.ko.t('kakao.waiting'));
    expect(ack).toEqual({
      version: '2.0',
      useCallback: true,
      data: { text: '답변을 준비하고 있어요. 잠시만 기다려 주세요.' },
    });
    expectValidSkillResponse(ack);
    expect(
      skillResponseSchema.safeParse({ ...ack, template: { outputs: [{ simpleText: { text: 'x' } }] } })
        .success,
    ).toBe(false);
  });
});

describe('the kakao text catalogue', () => {
  it('has the same keys in ko and en, and the fallbacks equal the catalogue', () => {
    const keys = [
      'kakao.apology',
      'kakao.more',
      'kakao.moreChoices',
      'kakao.waiting',
      'kakao.stillWorking',
      'kakao.missedMessages',
      'kakao.media.image',
      'kakao.media.file',
      'kakao.media.sticker',
      'kakao.media.documents',
    ];
    for (const language of ['ko', 'en'] as const) {
      for (const key of keys) expect(catalogue[language].has(key)).toBe(true);
      expect(catalogue[language].t('kakao.apology')).toBe(KAKAO_FALLBACK_TEXTS[language].apology);
      expect(kakaoRenderTexts(catalogue[language])).toEqual({
        more: KAKAO_FALLBACK_TEXTS[language].more,
        moreChoices: KAKAO_FALLBACK_TEXTS[language].moreChoices,
      });
      expect(catalogue[language].t('kakao.media.file', { site: 'S', helpCentre: 'H' })).toContain('H');
    }
  });
});

describe('the response schema itself', () => {
  const valid = { version: '2.0', template: { outputs: [{ simpleText: { text: 'a' } }] } };
  it.each([
    ['no version', { template: valid.template }],
    ['version 1.0', { ...valid, version: '1.0' }],
    ['4 outputs', { version: '2.0', template: { outputs: Array(4).fill({ simpleText: { text: 'a' } }) } }],
    ['0 outputs', { version: '2.0', template: { outputs: [] } }],
    [
      '1001-char text',
      { version: '2.0', template: { outputs: [{ simpleText: { text: 'a'.repeat(1001) } }] } },
    ],
    [
      '11 quick replies',
      {
        ...valid,
        template: {
          ...valid.template,
          quickReplies: Array(11).fill({ label: 'a', action: 'message', messageText: 'a' }),
        },
      },
    ],
    [
      'a 15-char label',
      {
        version: '2.0',
        template: {
          outputs: [{ textCard: { title: 't', buttons: [{ label: 'a'.repeat(15), action: 'message' }] } }],
        },
      },
    ],
    [
      '4 buttons',
      {
        version: '2.0',
        template: {
          outputs: [{ textCard: { title: 't', buttons: Array(4).fill({ label: 'a', action: 'message' }) } }],
        },
      },
    ],
    ['a 51-char title', { version: '2.0', template: { outputs: [{ textCard: { title: 'a'.repeat(51) } }] } }],
    [
      'title + description over 400',
      { version: '2.0', template: { outputs: [{ textCard: { title: 'a', description: 'b'.repeat(400) } }] } },
    ],
    [
      'a basicCard without thumbnail',
      { version: '2.0', template: { outputs: [{ basicCard: { title: 't' } }] } },
    ],
    [
      'a phone button without number',
      {
        version: '2.0',
        template: { outputs: [{ textCard: { title: 't', buttons: [{ label: 'a', action: 'phone' }] } }] },
      },
    ],
  ])('rejects %s', (_name, response) => {
    expect(skillResponseSchema.safeParse(response).success).toBe(false);
  });
});
