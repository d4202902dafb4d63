// The same measurement as `ami-bench consume`, with the Node package
// asterisk-manager: count every event until `Event: Shutdown`, then print
// `asterisk-manager EVENTS SECONDS EVENTS_PER_SECOND`.
// usage: node consume.js HOST PORT USER SECRET
'use strict';
const AsteriskManager = require('asterisk-manager');

const [host, port, user, secret] = process.argv.slice(2);
let events = 0;
let started = null;
const ami = new AsteriskManager(Number(port), host, user, secret, true);
ami.on('managerevent', (event) => {
  if (String(event.event).toLowerCase() === 'shutdown') {
    const seconds = (performance.now() - started) / 1000;
    console.log(`asterisk-manager ${events} ${seconds.toFixed(3)} ${(events / seconds).toFixed(0)}`);
    process.exit(0);
  }
  if (started === null) started = performance.now();
  events += 1;
});
ami.on('error', (error) => {
  console.error(`asterisk-manager: ${error}`);
  process.exit(1);
});
