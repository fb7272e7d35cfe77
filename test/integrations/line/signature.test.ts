import { validateSignature } from '@line/bot-sdk';
import { computeLineSignature, verifyLineSignature } from '../../../integrations/line/signature';
import { lineFixture, signLineBody, TEST_LINE_CHANNEL_SECRET } from '../../fakes/line-webhook';

const VECTOR_BODY = '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}';
const VECTOR_SIGNATURE = 'GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=';

describe('LINE webhook signature', () => {
  it("accepts LINE's official test vector", () => {
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, VECTOR_SIGNATURE)).toBe(true);
    expect(verifyLineSignature(Buffer.from(VECTOR_BODY), TEST_LINE_CHANNEL_SECRET, VECTOR_SIGNATURE)).toBe(
      true,
    );
    expect(computeLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET)).toBe(VECTOR_SIGNATURE);
    expect(signLineBody(VECTOR_BODY)).toBe(VECTOR_SIGNATURE);
    // and agrees with the SDK
    expect(validateSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, VECTOR_SIGNATURE)).toBe(true);
  });

  it('the verify fixture is byte-identical to the vector', () => {
    expect(lineFixture('verify')).toBe(VECTOR_BODY);
  });

  it('rejects a wrong signature, a wrong secret and a changed body', () => {
    const wrong = VECTOR_SIGNATURE.replace('G', 'H');
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, wrong)).toBe(false);
    expect(verifyLineSignature(VECTOR_BODY, 'another-secret-entirely-000000000', VECTOR_SIGNATURE)).toBe(
      false,
    );
    expect(verifyLineSignature(VECTOR_BODY + ' ', TEST_LINE_CHANNEL_SECRET, VECTOR_SIGNATURE)).toBe(false);
  });

  it('rejects a missing, empty, array or malformed header, and an empty secret', () => {
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, undefined)).toBe(false);
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, '')).toBe(false);
    expect(
      verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, [VECTOR_SIGNATURE, VECTOR_SIGNATURE]),
    ).toBe(false);
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, VECTOR_SIGNATURE.slice(0, -4))).toBe(
      false,
    );
    expect(verifyLineSignature(VECTOR_BODY, '', VECTOR_SIGNATURE)).toBe(false);
  });

  it('rejects junk appended to a valid signature (base64 decoding alone would ignore it)', () => {
    expect(
      Buffer.from(`${VECTOR_SIGNATURE}!!`, 'base64').equals(Buffer.from(VECTOR_SIGNATURE, 'base64')),
    ).toBe(true);
    expect(verifyLineSignature(VECTOR_BODY, TEST_LINE_CHANNEL_SECRET, `${VECTOR_SIGNATURE}!!`)).toBe(false);
  });

  it('checks the raw bytes of a body with escaped non-BMP emoji; a JSON round trip breaks it', () => {
    const raw = lineFixture('emoji-text');
    expect(raw).toContain('\\uD83E\\uDD28');
    const signature = signLineBody(raw);
    expect(verifyLineSignature(Buffer.from(raw, 'utf8'), TEST_LINE_CHANNEL_SECRET, signature)).toBe(true);
    const roundTripped = JSON.stringify(JSON.parse(raw));
    expect(roundTripped).not.toBe(raw);
    expect(verifyLineSignature(roundTripped, TEST_LINE_CHANNEL_SECRET, signature)).toBe(false);
  });
});
