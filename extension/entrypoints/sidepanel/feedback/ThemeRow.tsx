import type { FeedbackThemesT } from '../../../../api/contract.js';
import { belongsToPlatform } from '../../../../api/domain/urls.js';
import { platformName } from '../../../words.js';
import { count, toneScore } from '../reports/format.js';
import { kindWords } from '../reports/terms.js';

type Theme = FeedbackThemesT['themes'][number];

/** One theme: its kind, how often and how widely it was said, and the customers' own words (as text, never markup). */
export function ThemeRow({ theme }: { theme: Theme }) {
  return (
    <li className="feedback-theme" data-testid="parley-feedback-theme-row" data-kind={theme.kind} data-theme={theme.theme} data-count={theme.count}>
      <p className="row-head">
        <span className={`kind kind-${theme.kind}`}>{kindWords[theme.kind]}</span>{' '}
        <strong>{theme.theme || 'No theme'}</strong>
        <span className="muted"> · {count(theme.count)} post{theme.count === 1 ? '' : 's'} · reach {count(theme.reach)}</span>
      </p>
      {theme.examples.length > 0 && (
        <ul className="feedback-examples">
          {theme.examples.map((post) => (
            <li key={post.postId} data-testid="parley-feedback-example">
              <span className="muted">{post.displayName || post.handle}{post.platform === 'x' ? ` @${post.handle}` : ''}
                {post.tone === null ? '' : ` · tone ${toneScore(post.tone)}`}: </span>
              <span className="feedback-text">{post.text}</span>{' '}
              {/* Only an address on the post's own site becomes a link: the page it came from wrote it. */}
              {belongsToPlatform(post.platform, post.url) && (
                <a href={post.url} target="_blank" rel="noopener noreferrer">{platformName[post.platform]} post</a>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
