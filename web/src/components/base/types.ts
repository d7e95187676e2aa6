export interface SelectOption {
  value: string;
  text: string;
  disabled?: boolean;
}

export interface CheckboxItem {
  value: string;
  text: string;
  hint?: string;
}

export type TagColour =
  'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';
