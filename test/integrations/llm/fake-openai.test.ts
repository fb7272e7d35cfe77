import OpenAI from 'openai';
import { ChatOpenAI } from '@langchain/openai';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';

describe('fake OpenAI server', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI();
  });
  afterEach(() => fake.close());

  it('answers a scripted chat completion (JSON) and records the request', async () => {
    fake.expectChat({ reply: '안녕하세요!' });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseUrl });
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.choices[0]?.message.content).toBe('안녕하세요!');
    expect(fake.lastChatMessages()).toEqual([{ role: 'user', content: 'hi' }]);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    fake.assertClean();
  });

  it('streams SSE chunks', async () => {
    fake.expectChat({ reply: '서울런은 무료 교육 플랫폼이에요.' });
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      configuration: { baseURL: fake.baseUrl },
    });
    let joined = '';
    for await (const chunk of await model.stream('hi')) joined += String(chunk.content);
    expect(joined).toBe('서울런은 무료 교육 플랫폼이에요.');
    expect(fake.chatRequests()[0]?.body.stream).toBe(true);
  });

  it('returns base64 float32 embeddings when asked (the SDK default)', async () => {
    fake.expectEmbeddings({ vector: () => [0.5, -0.25, 1] });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseUrl });
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a'] });
    expect(fake.requests[0]?.body.encoding_format).toBe('base64');
    expect(res.data[0]?.embedding).toEqual([0.5, -0.25, 1]);
  });

  it('fails loudly on an unexpected call, and on a script never used', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toThrow(/unexpected call/);
    expect(() => fake.assertClean()).toThrow(/unexpected call POST \/v1\/chat\/completions/);
    const other = await startFakeOpenAI();
    other.expectChat({ reply: 'never asked' });
    expect(() => other.assertClean()).toThrow(/unused chat script/);
    await other.close();
  });

  it('scripts a 500, a delay and a hang; records that the client gave up', async () => {
    fake.expectChat({ status: 500 });
    fake.expectChat({ reply: 'late', delayMs: 50 });
    fake.expectChat({ hang: true });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseUrl, maxRetries: 0 });
    const ask = (signal?: AbortSignal) =>
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { signal });
    await expect(ask()).rejects.toMatchObject({ status: 500 });
    await expect(ask()).resolves.toMatchObject({ choices: [{ message: { content: 'late' } }] });
    await expect(ask(AbortSignal.timeout(100))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.chatRequests()[2]?.aborted).toBe(true);
    fake.assertClean();
  });
});
