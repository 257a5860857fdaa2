import type { Prng } from './prng';
import { EMAIL_DOMAINS, GIVEN_NAMES, PHONE_PREFIXES, SURNAMES } from './vocabulary';

export interface Person {
  name: string;
  pinyin: string;
  phone: string;
  email: string;
}

/** A Chinese name (common surnames more often), an 11-digit mobile number and a pinyin e-mail at an example domain. */
export function makePerson(rng: Prng): Person {
  // Surnames early in the list are the common ones: favour them.
  const surname = SURNAMES[Math.floor(Math.pow(rng.next(), 1.6) * SURNAMES.length)];
  const given = rng.pick(GIVEN_NAMES);
  const phone = rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
  const local = rng.chance(0.5) ? `${given[1]}.${surname[1]}` : `${surname[1]}${given[1]}${rng.chance(0.4) ? rng.int(1, 99) : ''}`;
  return { name: surname[0] + given[0], pinyin: `${surname[1]}${given[1]}`, phone, email: `${local}@${rng.pick(EMAIL_DOMAINS)}` };
}
