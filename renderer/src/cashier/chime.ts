// A short chime when a payment is validated (rising) or partly paid (two notes down, so the ear
// tells them apart), generated with Web Audio: no audio file to ship, nothing for the
// Content-Security-Policy to allow. Browsers start audio only after a gesture on the page, so the
// audio context is opened on the cashier's first click or key press, long before any payment.

export type ChimeKind = 'validated' | 'partial';

/** Frequencies (Hz) of the notes, in order. */
const NOTES: Record<ChimeKind, readonly number[]> = {
  validated: [784, 1047], // G5 → C6
  partial: [880, 659], // A5 → E5
};
const NOTE_SECONDS = 0.16;
const VOLUME = 0.25;

type AudioContextClass = typeof AudioContext;

export interface Chime {
  play(kind: ChimeKind): boolean;
  dispose(): void;
}

/** Follows the page's first gestures to open the audio context; `play` is then immediate. */
export function createChime(win: Window = window): Chime {
  const audio = win as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  const Context = audio.AudioContext ?? audio.webkitAudioContext;
  let context: AudioContext | null = null;
  const unlock = () => {
    if (!Context) return;
    try {
      context ??= new Context();
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
    } catch {
      context = null; // no audio device: the visual cues remain
    }
  };
  const gestures = ['pointerdown', 'keydown'] as const;
  for (const gesture of gestures) win.addEventListener(gesture, unlock, { capture: true });

  return {
    play(kind) {
      unlock();
      if (!context) return false;
      const start = context.currentTime + 0.01;
      NOTES[kind].forEach((frequency, index) => {
        const oscillator = context!.createOscillator();
        const gain = context!.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        const at = start + index * NOTE_SECONDS;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(VOLUME, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS * 1.6);
        oscillator.connect(gain).connect(context!.destination);
        oscillator.start(at);
        oscillator.stop(at + NOTE_SECONDS * 1.7);
      });
      return true;
    },
    dispose() {
      for (const gesture of gestures) win.removeEventListener(gesture, unlock, { capture: true });
      void context?.close().catch(() => undefined);
      context = null;
    },
  };
}
