import { readSocial, socialIntent } from '../../../dialogs/core/social';
import { fakeTurn } from '../../helpers/fake-turn';

describe('small talk', () => {
  it.each([
    ['감사합니다', 'thanks'],
    ['ㅇㅋ 고마워', 'thanks'],
    ['네 알겠습니다 수고하세요', 'bye'],
    ['안녕하세요!!', 'hello'],
    ['ㅋㅋㅋㅋ', 'laugh'],
    ['죄송해요 ㅠㅠ', 'sorry'],
    ['너 누구야?', 'who'],
    ['사람이야?', 'human'],
    ['혹시 봇이에요?', 'human'],
    ['아 진짜 감사해요', 'thanks'],
    ['Thank you!', 'thanks'],
    ['Xin chào', 'hello'],
    ['xin chao', 'hello'],
    ['你好！', 'hello'],
    ['Cảm ơn bạn', 'thanks'],
    ['谢谢', 'thanks'],
    ['Tạm biệt', 'bye'],
  ])('%s → %s', (text, kind) => {
    const kinds = readSocial(text);
    expect(kinds?.[0] ?? null).toBe(kind);
  });

  it.each([
    '고마워요 근데 신청은 어떻게 해요?',
    '안녕하세요 서울런 자격이 궁금해요',
    '수면제 다 먹었어',
    '네 4명이요',
    '혹시',
  ])('leaves a message with anything else in it to the other intents: %s', (text) =>
    expect(readSocial(text)).toBeNull(),
  );

  it('always says it is an AI when asked whether it is a person', async () => {
    const { ctx } = fakeTurn({ text: '사람이에요?' });
    const result = await socialIntent.handle(ctx);
    const said = result.reply.messages.map((m) => (m.type === 'text' ? m.text : '')).join(' ');
    expect(said).toContain('AI');
    expect(result.state).toBeUndefined();
  });
});
