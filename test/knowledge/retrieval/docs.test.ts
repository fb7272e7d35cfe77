import { join } from 'node:path';
import { testContacts } from '../../helpers/fake-turn';
import { expandContacts, KnowledgeDocError, loadDocs, plainText } from '../../../knowledge/retrieval/docs';
import { fixtureDocsDir } from './helpers';

describe('loadDocs', () => {
  const docs = loadDocs(fixtureDocsDir, testContacts());

  it('reads every fixture with its front matter', () => {
    expect(docs.map((d) => d.id)).toContain('mentoring-overview');
    const doc = docs.find((d) => d.id === 'help-centre')!;
    expect(doc).toMatchObject({
      verification: 'uncertain',
      link: 'https://slearn.seoul.go.kr',
      asOf: '2023-08-24',
    });
  });

  it('expands {{contact:id}} from the contacts file, in each language', () => {
    const doc = docs.find((d) => d.id === 'mentoring-overview')!;
    expect(doc.ko.body).toContain('1533-0909');
    expect(doc.ko.body).not.toContain('{{');
    expect(doc.en?.body).toContain('1533-0909');
    expect(doc.en?.body).toContain('Weekdays');
  });

  it('merges the English companion file', () => {
    const doc = docs.find((d) => d.id === 'mentoring-overview')!;
    expect(doc.en?.title).toBe('How does Seoul Run 1:1 mentoring work?');
    expect(docs.find((d) => d.id === 'withdrawal')!.en).toBeUndefined();
  });

  it('refuses a broken document and names it', () => {
    expect(() => loadDocs(join(__dirname, 'fixtures', 'broken'), testContacts())).toThrow(KnowledgeDocError);
    expect(() => loadDocs(join(__dirname, 'fixtures', 'broken'), testContacts())).toThrow(/bad-doc.*link/);
  });

  it('refuses an unknown contact id', () => {
    expect(() => expandContacts('전화 {{contact:nope}}', testContacts(), 'ko')).toThrow(/nope/);
  });

  it('flattens markdown for chat bubbles', () => {
    expect(plainText('## 제목\n**굵게** [홈페이지](https://slearn.seoul.go.kr)\n- 하나')).toBe(
      '제목\n굵게 홈페이지 (https://slearn.seoul.go.kr)\n· 하나',
    );
  });
});
