import express from 'express';
import pino from 'pino';
import request from 'supertest';
import type { Capability } from '../../../bot/capability';
import { loadConfig } from '../../../bot/config';
import type { Database } from '../../../bot/db/database';
import type { Intent } from '../../../bot/dialog';
import { createOutbox } from '../../../bot/outbox';
import { commitDeferred, fakeTurn, noDatabase, testContacts, testTexts } from '../../helpers/fake-turn';
import { describeEachDatabase } from '../../helpers/test-database';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { fixtureDocsDir } from '../../knowledge/retrieval/helpers';
import { createKnowledgeCapability, FALLBACK_SCORE } from '../../../dialogs/knowledge';
import { createLlmAnswerer } from '../../../integrations/llm/answerer';
import type { LlmAnswerer } from '../../../knowledge/retrieval/llm-contract';

function capability(db: Database = noDatabase, llm?: LlmAnswerer): Capability {
  return createKnowledgeCapability({
    config: loadConfig({ NODE_ENV: 'test', RETENTION_DAYS: '90' }),
    db,
    log: pino({ level: 'silent' }),
    texts: testTexts(),
    contacts: testContacts(),
    outbox: createOutbox(),
    clock: () => new Date(),
    docsDir: fixtureDocsDir,
    llm,
  });
}

const flowOf = (c: Capability) => c.flows![0]!;
const intent = (c: Capability, name: string): Intent => flowOf(c).intents!.find((i) => i.name === name)!;

describe('knowledge capability', () => {
  const knowledge = capability();
  const answer = intent(knowledge, 'knowledge.answer');

  it('is the router fallback: a low score for any typed question, nothing for postbacks', () => {
    expect(answer.match(fakeTurn({ text: '아무 질문' }).ctx)).toBe(FALLBACK_SCORE);
    expect(FALLBACK_SCORE).toBeGreaterThan(0.5);
    expect(answer.match(fakeTurn({ postback: 'quiz:start' }).ctx)).toBe(0);
    expect(
      intent(knowledge, 'knowledge.doc').match(fakeTurn({ postback: 'knowledge:doc:withdrawal' }).ctx),
    ).toBeGreaterThan(0.5);
  });

  it('answers offline with the passage and source, remembering the turn for follow-ups', async () => {
    const { ctx, deferred } = fakeTurn({ text: '탈퇴하면 다시 가입 못해요?' });
    const result = await answer.handle(ctx);
    expect(result.reply.messages[0]!.text).toContain('6개월');
    expect(result.reply.messages[1]).toMatchObject({ type: 'card', buttons: [{ label: '더 알아보기' }] });
    expect(result.state).toMatchObject({
      flow: 'knowledge',
      step: 'answered',
      answers: { history: [{ question: '탈퇴하면 다시 가입 못해요?' }] },
    });
    expect(deferred).toHaveLength(0);
  });

  it('remembers nothing before consent', async () => {
    const { ctx } = fakeTurn({
      text: '탈퇴하면 다시 가입 못해요?',
      person: { consent: 'unknown', ageBand: 'under14' },
    });
    expect((await answer.handle(ctx)).state).toBeNull();
  });

  it('answers in English when asked in English', async () => {
    const { ctx } = fakeTurn({ text: 'how does mentoring work?' });
    const result = await answer.handle(ctx);
    expect(result.reply.messages[0]!.text).toContain('university-student mentor');
  });

  it('accepts an offered document typed as its number', async () => {
    const state = {
      v: 1,
      flow: 'knowledge',
      step: 'suggested',
      answers: { history: [], suggestions: ['withdrawal', 'help-centre'] },
    };
    const result = await flowOf(knowledge).step(fakeTurn({ text: '2', state }).ctx);
    expect(result!.reply.messages[0]!.text).toContain('학습상담센터');
    expect(await flowOf(knowledge).step(fakeTurn({ text: '새로운 질문이에요', state }).ctx)).toBeNull();
  });

  it('uses the LLM only when the turn has slow-work budget', async () => {
    const calls: number[] = [];
    const llm: LlmAnswerer = {
      answer: async (r) => (calls.push(r.deadlineMs), { kind: 'failed', reason: 'error' }),
    };
    const withLlm = capability(noDatabase, llm);
    await intent(withLlm, 'knowledge.answer').handle(
      fakeTurn({ text: '멘토링 어떻게 받아요', slowWorkBudgetMs: 0 }).ctx,
    );
    expect(calls).toHaveLength(0);
    const result = await intent(withLlm, 'knowledge.answer').handle(
      fakeTurn({ text: '멘토링 어떻게 받아요', slowWorkBudgetMs: 2000 }).ctx,
    );
    expect(calls).toEqual([1850]);
    expect(result.reply.messages[0]!.text).toContain('대학생 멘토'); // the error boundary answered offline
  });

  it('never lets a throwing LLM kill the turn', async () => {
    const llm: LlmAnswerer = { answer: () => Promise.reject(new Error('boom')) };
    const result = await intent(capability(noDatabase, llm), 'knowledge.answer').handle(
      fakeTurn({ text: '멘토링 어떻게 받아요', slowWorkBudgetMs: 2000 }).ctx,
    );
    expect(result.reply.messages.length).toBeGreaterThan(0);
  });
});

describe('knowledge capability with the fake OpenAI server', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it('sends only the masked question: no person or channel id', async () => {
    fake.expectChat({ reply: '대학생 멘토와 1:1로 화상 멘토링을 받을 수 있어요 [1].' });
    const llm = createLlmAnswerer({
      apiKey: 'sk-never-in-body-123456',
      baseUrl: fake.baseUrl,
      model: 'gpt-4o-mini',
      contacts: testContacts(),
    });
    const { ctx } = fakeTurn({
      text: '멘토링 어떻게 받아요? 제 번호는 [전화번호]',
      slowWorkBudgetMs: 2000,
      person: { id: 'aaaaaaaa-0000-4000-8000-00000000beef', channelUserId: 'kakao-user-canary-77' },
    });
    const result = await intent(capability(noDatabase, llm), 'knowledge.answer').handle(ctx);
    expect(result.reply.messages[0]!.text).toBe('대학생 멘토와 1:1로 화상 멘토링을 받을 수 있어요.');
    const raw = fake.chatRequests()[0]!.raw;
    expect(raw).not.toMatch(/beef|kakao-user-canary-77|sk-never-in-body/);
    fake.assertClean();
  });
});

describeEachDatabase('knowledge review queue', (get) => {
  it('queues below-threshold questions tied to their author (for deletion), lists them without identifiers, and sweeps them', async () => {
    const { db } = get();
    await db.query(
      `INSERT INTO people (id) VALUES ('00000000-0000-4000-8000-000000000001') ON CONFLICT DO NOTHING`,
    );
    const knowledge = capability(db);
    const now = new Date('2026-11-28T07:00:00Z');
    const { ctx, deferred } = fakeTurn({
      text: '떡볶이 맛집 추천해줘',
      now,
      person: { channelUserId: 'queue-canary-user' },
    });
    const result = await intent(knowledge, 'knowledge.answer').handle(ctx);
    expect(result.reply.messages[0]!.text).toContain('잘 모르겠어요');
    expect(deferred).toHaveLength(1);
    await commitDeferred(db, deferred);

    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM knowledge_unanswered');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/queue-canary-user/);
    // The author's id, so "내 정보 삭제" reaches the question (issue 18); never shown to operators.
    expect(rows[0]!.person_id).toBe('00000000-0000-4000-8000-000000000001');
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'confidence',
      'created_at',
      'id',
      'language',
      'person_id',
      'question',
      'reason',
      'top_doc_id',
    ]);

    // Nothing queued before consent or for a distress message.
    const unconsented = fakeTurn({ text: '떡볶이 맛집 추천해줘', person: { consent: 'unknown' } });
    await intent(knowledge, 'knowledge.answer').handle(unconsented.ctx);
    expect(unconsented.deferred).toHaveLength(0);
    const distress = fakeTurn({ text: '떡볶이 맛집 추천해줘', risk: { level: 'concern', signals: ['x'] } });
    await intent(knowledge, 'knowledge.answer').handle(distress.ctx);
    expect(distress.deferred).toHaveLength(0);

    const app = express();
    const router = express.Router();
    knowledge.adminRoutes!(router);
    app.use('/admin', router);
    const listed = await request(app).get('/admin/unanswered?limit=10').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(listed.body).toMatchObject({
      retentionDays: 90,
      items: [
        {
          question: '떡볶이 맛집 추천해줘',
          language: 'ko',
          reason: 'below_threshold',
          createdAt: now.toISOString(),
        },
      ],
    });
    await request(app).get('/admin/unanswered?before=nonsense').expect(400);

    await knowledge.runDue!(new Date(now.getTime() + 89 * 86_400_000));
    expect((await db.query('SELECT 1 FROM knowledge_unanswered')).rows).toHaveLength(1);
    const later = capability(db);
    await later.runDue!(new Date(now.getTime() + 91 * 86_400_000));
    expect((await db.query('SELECT 1 FROM knowledge_unanswered')).rows).toHaveLength(0);
  });
});
