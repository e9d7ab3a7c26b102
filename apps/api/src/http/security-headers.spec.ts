import { contentSecurityPolicy, docsContentSecurityPolicy } from './security-headers';

describe('the Content-Security-Policy', () => {
  it('over https also upgrades insecure requests; over http it does not (it would break every asset and form)', () => {
    expect(contentSecurityPolicy('https://billing.example.com')['upgrade-insecure-requests']).toEqual([]);
    expect(contentSecurityPolicy('http://billing.internal:3000')['upgrade-insecure-requests']).toBeUndefined();
  });

  it('lets the sandbox page\'s form be redirected to the console at PUBLIC_URL, even on another origin', () => {
    expect(contentSecurityPolicy('http://localhost:5173/console')['form-action']).toEqual(["'self'", 'http://localhost:5173']);
  });

  it('/docs differs only in images and style attributes', () => {
    const everywhere = contentSecurityPolicy('http://localhost:3000');
    const docs = docsContentSecurityPolicy('http://localhost:3000');
    const changed = Object.keys(docs).filter((name) => JSON.stringify(docs[name]) !== JSON.stringify(everywhere[name]));
    expect(changed.sort()).toEqual(['img-src', 'style-src-attr']);
  });
});
