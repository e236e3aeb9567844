from django.db import migrations

# The permit's places, guarded by the database whatever writes (forms, services, raw SQL, COPY), in the style
# of the room rule of residents' migration 0002: no premises holds more persons than its permitted places on
# any night. Each accompanying child counts as a place unless the permit says otherwise.
#
# regulation_check_places() locks the premises row (FOR UPDATE), so two transactions admitting into different
# rooms of the same premises are serialised: the second waits and then counts the first one's stay. Triggers on
# one table fire in name order, so "regulation_…" runs before "residents_…": every transaction locks the
# premises before the room, never the other way round, and cannot deadlock on them.
# Occupancy only rises at some stay's intake, so checking the first day and every later intake in the range
# covers every night, open stays included. Linking a room to a premises, lowering its places or counting
# children again is checked from today on: past nights are history, not an admission.
FORWARD = """
CREATE FUNCTION regulation_check_places(p_premises_id bigint, p_from date, p_to date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_places integer;
    v_children boolean;
    v_day date;
    v_persons integer;
BEGIN
    SELECT places INTO v_places FROM regulation_premises WHERE id = p_premises_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT COALESCE((SELECT children_take_places FROM regulation_permit WHERE id = 1), true) INTO v_children;
    FOR v_day IN
        SELECT p_from
        UNION
        SELECT s.intake
          FROM residents_stay s JOIN regulation_premisesroom pr ON pr.room_id = s.room_id
         WHERE pr.premises_id = p_premises_id AND s.intake > p_from AND (p_to IS NULL OR s.intake < p_to)
    LOOP
        SELECT COALESCE(SUM(1 + CASE WHEN v_children
                                     THEN (SELECT count(*) FROM residents_childstay cs WHERE cs.stay_id = s.id)
                                     ELSE 0 END), 0)
          INTO v_persons
          FROM residents_stay s JOIN regulation_premisesroom pr ON pr.room_id = s.room_id
         WHERE pr.premises_id = p_premises_id
           AND s.intake <= v_day AND (s.discharge IS NULL OR s.discharge > v_day);
        IF v_persons > v_places THEN
            RAISE EXCEPTION 'premises % over its permitted places on %: % persons for % places',
                p_premises_id, v_day, v_persons, v_places
                USING ERRCODE = 'check_violation', CONSTRAINT = 'regulation_permitted_places';
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION regulation_stay_places_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_premises_id bigint;
BEGIN
    SELECT premises_id INTO v_premises_id FROM regulation_premisesroom WHERE room_id = NEW.room_id;
    IF FOUND THEN
        PERFORM regulation_check_places(v_premises_id, NEW.intake, NEW.discharge);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER regulation_stay_places AFTER INSERT OR UPDATE OF room_id, intake, discharge ON residents_stay
    FOR EACH ROW EXECUTE FUNCTION regulation_stay_places_trigger();

CREATE FUNCTION regulation_childstay_places_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_stay residents_stay%ROWTYPE;
    v_premises_id bigint;
BEGIN
    SELECT * INTO v_stay FROM residents_stay WHERE id = NEW.stay_id;
    SELECT premises_id INTO v_premises_id FROM regulation_premisesroom WHERE room_id = v_stay.room_id;
    IF FOUND THEN
        PERFORM regulation_check_places(v_premises_id, v_stay.intake, v_stay.discharge);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER regulation_childstay_places AFTER INSERT OR UPDATE ON residents_childstay
    FOR EACH ROW EXECUTE FUNCTION regulation_childstay_places_trigger();

CREATE FUNCTION regulation_premises_places_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'regulation_premises' THEN
        PERFORM regulation_check_places(NEW.id, CURRENT_DATE, NULL);
    ELSE
        PERFORM regulation_check_places(NEW.premises_id, CURRENT_DATE, NULL);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER regulation_premises_places AFTER UPDATE OF places ON regulation_premises
    FOR EACH ROW EXECUTE FUNCTION regulation_premises_places_trigger();

CREATE TRIGGER regulation_premisesroom_places AFTER INSERT OR UPDATE ON regulation_premisesroom
    FOR EACH ROW EXECUTE FUNCTION regulation_premises_places_trigger();

CREATE FUNCTION regulation_permit_places_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_premises_id bigint;
BEGIN
    IF NEW.children_take_places THEN
        FOR v_premises_id IN SELECT id FROM regulation_premises ORDER BY id LOOP
            PERFORM regulation_check_places(v_premises_id, CURRENT_DATE, NULL);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER regulation_permit_places AFTER INSERT OR UPDATE OF children_take_places ON regulation_permit
    FOR EACH ROW EXECUTE FUNCTION regulation_permit_places_trigger();
"""

BACKWARD = """
DROP TRIGGER regulation_permit_places ON regulation_permit;
DROP FUNCTION regulation_permit_places_trigger();
DROP TRIGGER regulation_premisesroom_places ON regulation_premisesroom;
DROP TRIGGER regulation_premises_places ON regulation_premises;
DROP FUNCTION regulation_premises_places_trigger();
DROP TRIGGER regulation_childstay_places ON residents_childstay;
DROP FUNCTION regulation_childstay_places_trigger();
DROP TRIGGER regulation_stay_places ON residents_stay;
DROP FUNCTION regulation_stay_places_trigger();
DROP FUNCTION regulation_check_places(bigint, date, date);
"""


class Migration(migrations.Migration):
    dependencies = [("regulation", "0001_initial"), ("residents", "0002_stay_rules")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
