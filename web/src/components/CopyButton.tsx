import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

// The Clipboard API needs a secure context; plain http on a LAN address is not one, so the
// older copy command is the fallback.
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the fallback
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied;
}

export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number>();
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = async () => {
    setState((await copyText(text)) ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <span className="copy">
      <button type="button" className={className} onClick={copy} data-copied={state === 'copied' || undefined}>
        {state === 'copied' ? `✓ ${t('licenses.copied')}` : label}
      </button>
      <span role="status" aria-live="polite" className={state === 'failed' ? 'copy-failed' : 'visually-hidden'}>
        {state === 'copied' ? t('licenses.copied') : state === 'failed' ? t('licenses.copyFailed') : ''}
      </span>
    </span>
  );
}
