// A labelled text input with its hint and its inline error, wired for assistive technology:
// the label names the input, `aria-describedby` points at the hint and the error, and the
// error is announced when it appears.
import { useId, type ChangeEvent, type ReactNode, type Ref } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  error?: string | null;
  hint?: ReactNode;
  required?: boolean;
  type?: 'text' | 'password' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal';
  autoComplete?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  suffix?: string;
  className?: string;
  spellCheck?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${props.className ?? ''} ${props.error ? 'field-invalid' : ''}`}>
      <div className="label-line">
        <label htmlFor={id}>{props.label}</label>
        {/* Outside the label: the field's name stays exactly the guide's words; `required` says the rest. */}
        {props.required ? (
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      <div className="input-wrap">
        <input
          id={id}
          ref={props.inputRef}
          type={props.type ?? 'text'}
          value={props.value}
          onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
          onBlur={props.onBlur}
          required={props.required}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy || undefined}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          autoFocus={props.autoFocus}
          spellCheck={props.spellCheck ?? false}
        />
        {props.suffix ? (
          <span className="input-suffix" aria-hidden="true">
            {props.suffix}
          </span>
        ) : null}
      </div>
      {props.hint ? (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
