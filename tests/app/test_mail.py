import smtplib

from careercenter.mail import send_mail


class FakeSMTP:
    sent = []

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.tls = True

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        FakeSMTP.sent.append((self.host, self.port, message))


def test_without_smtp_mail_goes_to_the_outbox(app, outbox):
    with app.test_request_context():
        send_mail("a@example.com", "Hello", "mail/account_deleted.txt", name="Ann")
    (message,) = outbox.to("a@example.com")
    assert message["Subject"] == "Hello"
    assert "Hello Ann" in message.get_content()


def test_with_smtp_configured_mail_goes_through_smtp(app, outbox, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.com")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "mailer")
    FakeSMTP.sent.clear()
    with app.test_request_context():
        send_mail("a@example.com", "Hello", "mail/account_deleted.txt", name="Ann")
    ((host, port, message),) = FakeSMTP.sent
    assert host == "smtp.example.com" and port == 587
    assert message["To"] == "a@example.com"
    assert outbox.messages() == []


class DownSMTP(FakeSMTP):
    def send_message(self, message):
        raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})


def test_a_subject_from_user_text_is_one_clean_line(app, outbox):
    subject = "New applicant for Coder\u2028Bcc: all\u2029\r\n\x0b\x0c\x1c\x85 \u200b II"
    with app.test_request_context():
        assert send_mail("a@example.com", subject, "mail/account_deleted.txt", name="Ann")
    (message,) = outbox.to("a@example.com")
    assert message["Subject"] == "New applicant for Coder Bcc: all II"
    assert message["Bcc"] is None


def test_a_mail_that_cannot_go_out_is_logged_without_who_or_what(app, outbox, monkeypatch, caplog):
    monkeypatch.setattr(smtplib, "SMTP", DownSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.com")
    with app.test_request_context():
        sent = send_mail(
            "ann@example.com", "Secret subject", "mail/account_deleted.txt", name="Ann"
        )
    assert sent is None
    assert "mail not sent: mail/account_deleted.txt" in caplog.text
    assert "ann@example.com" not in caplog.text and "Secret subject" not in caplog.text
