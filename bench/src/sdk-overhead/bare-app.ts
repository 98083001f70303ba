// The baseline of the SDK-overhead benchmark: test-app's /fast in plain Express, with no SDK,
// no metrics and no logging, as an uninstrumented service would serve it.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/fast', (_req, res) => {
  res.type('text/plain').send('This is a fast request!');
});
const port = Number(process.env['PORT'] ?? 3000);
const server = app.listen(port, '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
