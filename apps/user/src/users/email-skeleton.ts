import { INVISIBLE_OR_BIDI } from '@portcullis/contracts';

/**
 * Letters of other scripts that render like a Latin letter in the fonts mail clients and admin
 * screens use: the Cyrillic and Greek rows of Unicode's confusables table (UTS #39) that matter
 * after lower-casing. Hand-kept because no maintained confusables package is installed; it only
 * has to catch look-alikes of addresses, not every confusable in Unicode.
 */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  һ: 'h',
  і: 'i',
  ј: 'j',
  ӏ: 'l',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  ԝ: 'w',
  х: 'x',
  у: 'y',
  ү: 'y',
  // Greek
  α: 'a',
  ϲ: 'c',
  ι: 'i',
  ϳ: 'j',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  υ: 'u',
  // Latin letters that pass for others
  ɡ: 'g',
  ı: 'i',
  ȷ: 'j',
  ſ: 's',
};

/**
 * What an address looks like on screen: NFKC (fullwidth and compatibility forms fold to plain
 * letters), lower case, invisible characters dropped, then each look-alike letter replaced by the
 * Latin one it passes for. Two addresses with one skeleton would be read as one, so registration
 * refuses the second (the `email_skeleton` unique index decides).
 */
export function emailSkeleton(email: string): string {
  const folded = email.normalize('NFKC').toLowerCase().replace(new RegExp(INVISIBLE_OR_BIDI.source, 'gu'), '');
  return [...folded].map((char) => LOOK_ALIKES[char] ?? char).join('');
}
