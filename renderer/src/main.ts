import { mount } from 'svelte';
import './app.css';
import { api } from './lib/api.ts';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// Choose the transport now: in a browser this takes the token out of the address bar
// before anything can show, bookmark or log it.
api();

export default mount(App, { target });
