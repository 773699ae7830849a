// Placeholder for the customer display (issue 5, built later): the idle text is in display.html.
export {};
