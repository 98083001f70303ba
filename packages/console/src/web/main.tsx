import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { adoptTokenFromUrl } from './lib/api.js';

adoptTokenFromUrl();
render(<App />, document.getElementById('app')!);
