import { h } from './dom';
import { language, t, toggleLanguage } from './i18n';

/** A button naming the other language (日本語 / English), so it reads right for whoever needs it. */
export function languageToggle(): { element: HTMLButtonElement; relabel(): void } {
  const element = h('button', { type: 'button', class: 'button button-quiet lang-toggle', 'data-testid': 'lang-toggle' });
  const relabel = () => {
    element.textContent = t('language.switch');
    element.setAttribute('aria-label', t('language.switchLabel'));
    element.lang = language() === 'ja' ? 'en' : 'ja'; // the button names the other language, in that language
  };
  element.addEventListener('click', () => toggleLanguage());
  relabel();
  return { element, relabel };
}
