import { createHmac, timingSafeEqual } from 'crypto';

type Headers = Record<string, string | string[] | undefined>;

/** The n8n document's signature: `sha256=` + hex HMAC-SHA256 of the exact body, the secret's UTF-8 bytes as key. */
export function sign(secret: string, body: Buffer | string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Null when the call carries a valid signature, else why it is refused. During a secret rotation CodeTether also
 * sends the old secret's signature as X-CodeTether-Signature-Previous: either may match the secret given here.
 */
export function verifySignature(secret: string, body: Buffer, headers: Headers): string | null {
	const offered = ['x-codetether-signature', 'x-codetether-signature-previous']
		.map((name) => headers[name])
		.flatMap((value) => (Array.isArray(value) ? value : value ? [value] : []));
	if (offered.length === 0) return 'Missing X-CodeTether-Signature header';
	const expected = Buffer.from(sign(secret, body));
	const matches = offered.some((signature) => {
		const actual = Buffer.from(signature.trim());
		return actual.length === expected.length && timingSafeEqual(actual, expected);
	});
	return matches ? null : 'Invalid X-CodeTether-Signature';
}
