import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { skillResponseSchema } from '../../../integrations/kakao/response-schema';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'kakao');

/** Names of the SkillPayload fixtures (test/fixtures/kakao/*.json, without extension). */
export const fixtureNames = (): string[] =>
  readdirSync(fixtures)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

/** Parsed fixture JSON; tests reach into it and mutate it freely, so it is deliberately untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type FixtureJson = Record<string, any>;

/** A fixture as parsed JSON (a fresh copy each call, safe to mutate). */
export const fixture = (name: string): FixtureJson =>
  JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));

/** Fails with Kakao's broken limit spelled out: every rendered response in every test goes through here. */
export function expectValidSkillResponse(response: unknown): void {
  const parsed = skillResponseSchema.safeParse(response);
  if (!parsed.success) {
    throw new Error(
      `invalid SkillResponse:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n${JSON.stringify(response, null, 1).slice(0, 2000)}`,
    );
  }
}
