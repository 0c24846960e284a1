// The chat page of camel-copilot. It holds no token: the session cookie (HttpOnly) signs its requests, and each
// state-changing request carries the session's CSRF token in a header. Replies are Markdown, rendered by building
// DOM nodes with textContent only, so nothing in a reply is ever parsed as HTML or script.
'use strict';

const CopilotMarkdown = (function () {
  // Inline tokens, tried left to right: code, bold, citation marker, link, entity tag (Copilot's are capitalised:
  // <Person>, <File>, <Event>), italic. Anything else, markup included, stays text.
  const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[\^([^\]^]+)\^\])|(\[([^\]]+)\]\(([^)\s]+)\))|(<([A-Z]\w*)>([^<]*)<\/\9>)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

  function safeUrl(url) {
    try {
      const parsed = new URL(url, 'https://invalid.example/');
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && /^https?:\/\//i.test(url) ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(text, url) {
    const href = safeUrl(url);
    if (!href) {
      return document.createTextNode(text);
    }
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  // Citation markers [^1^] become links to the reply's attributions (1-based), once they are known.
  function citation(marker, attributions) {
    const index = parseInt(marker, 10);
    const source = Number.isInteger(index) && attributions ? attributions[index - 1] : null;
    const href = source ? safeUrl(source.seeMoreWebUrl || '') : null;
    if (!href) {
      const span = document.createElement('sup');
      span.className = 'marker';
      span.textContent = '[' + marker + ']';
      return span;
    }
    const a = link('[' + marker + ']', href);
    a.className = 'citation';
    a.title = source.providerDisplayName || href;
    return a;
  }

  function inline(parent, text, attributions) {
    // A pattern of its own per call: bold text is rendered by a nested call, which must not move this one's place.
    const pattern = new RegExp(INLINE.source, 'g');
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      if (match[1]) {
        const code = document.createElement('code');
        code.textContent = match[1].slice(1, -1);
        parent.appendChild(code);
      } else if (match[2]) {
        const strong = document.createElement('strong');
        inline(strong, match[2].slice(2, -2), attributions);
        parent.appendChild(strong);
      } else if (match[3]) {
        parent.appendChild(citation(match[4], attributions));
      } else if (match[5]) {
        parent.appendChild(link(match[6], match[7]));
      } else if (match[8]) {
        // <Person>Adele Vance</Person>, <File>..</File>: the name shown, the tag not.
        const entity = document.createElement('span');
        entity.className = 'entity';
        entity.textContent = match[10];
        parent.appendChild(entity);
      } else if (match[11]) {
        const em = document.createElement('em');
        em.textContent = match[11].slice(1, -1);
        parent.appendChild(em);
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // Blocks: fenced code, headings, bullet and numbered lists, paragraphs.
  function render(target, markdown, attributions) {
    target.replaceChildren();
    const lines = String(markdown || '').split(/\r?\n/);
    let list = null;
    let paragraph = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith('```')) {
        const code = [];
        for (i++; i < lines.length && !lines[i].startsWith('```'); i++) {
          code.push(lines[i]);
        }
        const pre = document.createElement('pre');
        const element = document.createElement('code');
        element.textContent = code.join('\n');
        pre.appendChild(element);
        target.appendChild(pre);
        list = paragraph = null;
        continue;
      }
      const heading = /^(#{1,4})\s+(.*)$/.exec(line);
      const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (heading) {
        const h = document.createElement('h' + (heading[1].length + 2));
        inline(h, heading[2], attributions);
        target.appendChild(h);
        list = paragraph = null;
      } else if (bullet || numbered) {
        const kind = bullet ? 'UL' : 'OL';
        if (!list || list.tagName !== kind) {
          list = document.createElement(kind.toLowerCase());
          target.appendChild(list);
        }
        const item = document.createElement('li');
        inline(item, (bullet || numbered)[1], attributions);
        list.appendChild(item);
        paragraph = null;
      } else if (line.trim() === '') {
        list = paragraph = null;
      } else {
        if (!paragraph) {
          paragraph = document.createElement('p');
          target.appendChild(paragraph);
        } else {
          paragraph.appendChild(document.createElement('br'));
        }
        inline(paragraph, line, attributions);
        list = null;
      }
    }
  }

  return { render: render };
})();

(function () {
  const conversation = document.getElementById('conversation');
  const status = document.getElementById('status');
  const question = document.getElementById('question');
  const askButton = document.getElementById('ask');
  let session = { signedIn: false };
  let conversationId = sessionStorage.getItem('conversationId');

  function setConversation(id) {
    conversationId = id;
    if (id) {
      sessionStorage.setItem('conversationId', id);
    } else {
      sessionStorage.removeItem('conversationId');
    }
    conversation.dataset.conversationId = id || '';
  }

  function sources(attributions) {
    const list = document.createElement('div');
    list.className = 'sources';
    (attributions || []).forEach(function (source, index) {
      if (index > 0) {
        list.appendChild(document.createTextNode(' · '));
      }
      list.appendChild(document.createTextNode('[' + (index + 1) + '] '));
      const url = source.seeMoreWebUrl || '';
      const a = document.createElement('a');
      if (/^https?:\/\//i.test(url)) {
        a.href = url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
      }
      a.textContent = source.providerDisplayName || url;
      list.appendChild(a);
    });
    return list;
  }

  function addTurn(prompt) {
    const turn = document.createElement('section');
    turn.className = 'turn';
    const asked = document.createElement('div');
    asked.className = 'question';
    asked.textContent = prompt;
    const answer = document.createElement('div');
    answer.className = 'answer';
    turn.append(asked, answer);
    conversation.appendChild(turn);
    return turn;
  }

  function finishTurn(turn, text, attributions) {
    CopilotMarkdown.render(turn.querySelector('.answer'), text, attributions);
    if (attributions && attributions.length) {
      turn.appendChild(sources(attributions));
    }
    turn.dataset.done = 'true';
  }

  function headers() {
    const result = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (session.csrfToken) {
      result['X-CSRF-Token'] = session.csrfToken;
    }
    return result;
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.message || ('HTTP ' + response.status);
    } catch (e) {
      return 'HTTP ' + response.status;
    }
  }

  async function ask(prompt) {
    const turn = addTurn(prompt);
    const answer = turn.querySelector('.answer');
    status.dataset.done = 'false';
    status.textContent = 'Asking...';
    askButton.disabled = true;
    let events = 0;
    let text = '';
    try {
      const query = conversationId ? '?conversationId=' + encodeURIComponent(conversationId) : '';
      const response = await fetch('/ask/stream' + query, {
        method: 'POST', headers: headers(), body: prompt, credentials: 'same-origin'
      });
      if (!response.ok) {
        answer.textContent = '';
        status.textContent = 'Refused: ' + await problem(response);
        turn.dataset.failed = 'true';
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) {
          break;
        }
        buffer += chunk.value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').filter(function (line) { return line.startsWith('data: '); })
            .map(function (line) { return line.slice(6); }).join('\n');
          if (!data) {
            continue;
          }
          const update = JSON.parse(data);
          events++;
          text = update.replacement ? update.delta : text + update.delta;
          if (update.last) {
            setConversation(update.conversationId);
            finishTurn(turn, update.text || text, update.attributions);
            status.textContent = 'Done after ' + events + ' updates (conversation ' + update.conversationId + ').';
            status.dataset.done = 'true';
          } else {
            CopilotMarkdown.render(answer, text, null);
            status.textContent = 'Streaming... ' + events + ' updates so far';
          }
        }
      }
      if (status.dataset.done !== 'true') {
        status.textContent = 'The stream ended early; see the app log.';
      }
    } catch (e) {
      status.textContent = 'The request failed: ' + e.message;
    } finally {
      askButton.disabled = false;
    }
  }

  async function showConversation(id) {
    const response = await fetch('/conversations/' + encodeURIComponent(id), { credentials: 'same-origin' });
    if (!response.ok) {
      setConversation(null);
      return;
    }
    const body = await response.json();
    body.turns.forEach(function (turn) {
      finishTurn(addTurn(turn.prompt), turn.reply, turn.attributions);
    });
  }

  async function loadSession() {
    const response = await fetch('/auth/session', { credentials: 'same-origin' });
    session = await response.json();
    const user = document.getElementById('user');
    const signIn = document.getElementById('signin');
    const signOut = document.getElementById('signout');
    const hint = document.getElementById('hint');
    user.textContent = session.signedIn ? 'Signed in as ' + session.user : '';
    signIn.hidden = session.signedIn || !session.signInAvailable;
    signOut.hidden = !session.signedIn;
    if (!session.signedIn && session.simulated) {
      signIn.textContent = 'Sign in as a simulated user';
      hint.textContent = 'No tenant is configured: the simulator answers, and sign-in runs against its simulated'
        + ' Microsoft Entra ID, with the same code flow a real tenant uses.';
      hint.hidden = false;
    } else {
      hint.hidden = true;
    }
    askButton.disabled = !session.signedIn && session.signInRequired;
    if (!session.signedIn && session.signInRequired) {
      status.textContent = 'Sign in to ask Copilot.';
    }
    document.body.dataset.session = session.signedIn ? 'signed-in' : 'anonymous';
  }

  document.getElementById('ask-form').addEventListener('submit', function (submit) {
    submit.preventDefault();
    const prompt = question.value.trim();
    if (prompt) {
      ask(prompt);
    }
  });
  document.getElementById('new').addEventListener('click', function () {
    setConversation(null);
    conversation.replaceChildren();
    status.textContent = 'A new conversation starts with your next question.';
  });
  document.getElementById('signout').addEventListener('click', async function () {
    await fetch('/auth/signout', { method: 'POST', headers: headers(), credentials: 'same-origin' });
    setConversation(null);
    conversation.replaceChildren();
    await loadSession();
    status.textContent = 'Signed out.';
  });

  loadSession().then(function () {
    if (conversationId) {
      return showConversation(conversationId);
    }
  }).finally(function () {
    document.body.dataset.ready = 'true';
  });
})();
