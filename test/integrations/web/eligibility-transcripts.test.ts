import { describeEachDatabase } from '../../helpers/test-database';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { playTranscript, webChannel, type Exchange } from '../../helpers/transcript';

const asParent: Exchange[] = [{ user: '안녕' }, { user: '학부모예요' }];

describeEachDatabase('eligibility transcripts on the web channel', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    // Wednesday 2026-11-25 14:00 in Seoul: the help centre is open.
    t = await startTestBot(getDb());
    t.clock.set('2026-11-25T05:00:00Z');
  });
  afterAll(() => t.close());

  it('a parent who knows everything gets the verdict at once, with why and what next', async () => {
    await playTranscript(t.bot.app, webChannel, 'elig-knows', [
      ...asParent,
      {
        user: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?',
        expect: [/^✅ 신청 대상입니다/m, '한부모', 'slearn.seoul.go.kr', '1533-0909', '문의번호'],
      },
      { tap: '신청 방법', expect: ['자격조회'] },
      { user: '다음', expect: ['회원가입'] },
    ]);
  });

  it('a parent who knows nothing is asked only what is missing, one thing at a time', async () => {
    await playTranscript(t.bot.app, webChannel, 'elig-nothing', [
      ...asParent,
      { tap: '자격 확인', expect: ['서울'] },
      { user: '네', expect: [/나이|학년/] },
      { user: '초3', expect: [/해당|가구/] },
      { user: '잘 모르겠어요', expect: [/❓ 확인이 필요합니다|가구원|소득/] },
    ]);
  });

  it('a parent who corrects an answer midway gets the verdict for the corrected facts', async () => {
    await playTranscript(t.bot.app, webChannel, 'elig-correct', [
      ...asParent,
      { user: '서울 사는 중3 아들인데 기초생활수급자예요. 신청돼요?', expect: ['✅ 신청 대상입니다'] },
      { user: '아, 고1이에요', expect: ['고1', '✅ 신청 대상입니다'] },
    ]);
  });

  it('two children in one question get one verdict each, in one reply', async () => {
    const [, , both] = await playTranscript(t.bot.app, webChannel, 'elig-two', [
      ...asParent,
      { user: '서울 살고 차상위예요. 큰애는 고2, 작은애는 중1인데 둘 다 되나요?', expect: ['고2', '중1'] },
    ]);
    const verdicts = (both?.messages ?? [])
      .flatMap((m) => (m.type === 'text' ? m.text.split('\n') : []))
      .filter((l) => l.startsWith('✅') || l.startsWith('❓') || l.startsWith('❌'));
    expect(verdicts).toHaveLength(2);
  });

  it('recognises 서울런 4050 as a different programme', async () => {
    await playTranscript(t.bot.app, webChannel, 'elig-4050', [
      ...asParent,
      { user: '서울런 4050 신청하려면 어떻게 해요?', expect: ['다른 사업', '120'] },
    ]);
  });

  it('at 23:10 on a Sunday says the help centre is closed and when it opens', async () => {
    t.clock.set('2026-11-29T14:10:00Z');
    await playTranscript(t.bot.app, webChannel, 'elig-sunday', [
      ...asParent,
      {
        user: '서울 사는 초5 아이 다문화가정인데 신청할 수 있어요?',
        expect: ['✅ 신청 대상입니다', '지금은 상담 시간이 아니에요', '월요일', '10:00', '120'],
      },
    ]);
  });
});
