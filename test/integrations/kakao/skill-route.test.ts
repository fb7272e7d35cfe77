import { mediaSentenceKey, rawBotId } from '../../../integrations/kakao/skill-route';

describe('rawBotId', () => {
  it('reads bot.id from a body not parsed yet', () => {
    expect(rawBotId({ bot: { id: 'bot-123' } })).toBe('bot-123');
  });

  it('is undefined for anything else', () => {
    expect(rawBotId(null)).toBeUndefined();
    expect(rawBotId({ bot: 'bot-123' })).toBeUndefined();
    expect(rawBotId({ bot: { id: 42 } })).toBeUndefined();
    expect(rawBotId([{ bot: { id: 'x' } }])).toBeUndefined();
  });
});

describe('mediaSentenceKey', () => {
  it('answers a sticker as a sticker', () => {
    expect(mediaSentenceKey('sticker', '이모티콘')).toBe('kakao.media.sticker');
  });

  it('tells a picture by its words or its file name', () => {
    expect(mediaSentenceKey('media', '사진을 보냈습니다.')).toBe('kakao.media.image');
    expect(mediaSentenceKey('media', 'https://talk.kakaocdn.net/a/b.JPG')).toBe('kakao.media.image');
  });

  it('calls any other upload a file', () => {
    expect(mediaSentenceKey('media', 'https://talk.kakaocdn.net/a/report.pdf')).toBe('kakao.media.file');
  });
});
